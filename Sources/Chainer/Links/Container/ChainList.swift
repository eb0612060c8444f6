/// A link holding child links in a list, named by position (`0`, `1`, …) (Chainer's `chainer.ChainList`).
open class ChainList: Link {
    /// The children in order.
    public final private(set) var items: [Link]

    /// Creates a list of `links`.
    public init(_ links: [Link]) {
        items = links
        super.init()
    }

    /// Creates a list of `links`.
    public convenience init(_ links: Link...) { self.init(links) }

    /// Children named by position.
    open override var namedChildren: [(String, Link)] { items.enumerated().map { (String($0.offset), $0.element) } }

    /// A list of fresh copies of the children (subclasses with other state override it).
    open override func makeFresh() -> Link {
        precondition(type(of: self) == ChainList.self, "copy(mode:): \(type(of: self)) does not override makeFresh()")
        return ChainList(items.map { $0.makeFresh() })
    }

    /// Appends a link.
    public final func append(_ link: Link) { items.append(link) }
    /// The number of children.
    public final var count: Int { items.count }
    /// The child at `index`.
    public final subscript(_ index: Int) -> Link { items[index] }
}

extension ChainList: Sequence {
    /// Iterates the children in order (`for link in chainList`).
    public func makeIterator() -> IndexingIterator<[Link]> { items.makeIterator() }
}
