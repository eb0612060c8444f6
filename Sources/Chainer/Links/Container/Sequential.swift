/// A model applying layers in order (Chainer's `chainer.Sequential`): links and plain functions, built as
/// `Sequential(l1, l2)` or with the builder:
///
/// ```swift
/// let mlp = Sequential {
///     L.Linear(784, 100)
///     F.relu
///     L.Linear(100, 10)
/// }
/// ```
/// Links are its children, named by their position among the links (`0`, `1`, …), as in Chainer.
public final class Sequential: ChainList, ForwardLink {
    /// One step: a link or a function.
    public enum Layer {
        /// A link called with one input.
        case link(any Link & ChainCall)
        /// A function of one variable (an activation, a reshape, …).
        case function((Variable) -> Variable)
    }

    /// The steps in order.
    public private(set) var layers: [Layer]

    /// Creates a model from its steps.
    public init(layers: [Layer]) {
        self.layers = layers
        super.init(layers.compactMap { if case .link(let l) = $0 { l } else { nil } })
    }

    /// Creates a model applying `links` in order.
    public convenience init(_ links: (any Link & ChainCall)...) { self.init(layers: links.map { .link($0) }) }

    /// Creates a model from links and functions in order, as Chainer's `Sequential(l1, F.relu, l2)`; each step
    /// must be a link callable with one variable or a `(Variable) -> Variable` function.
    public convenience init(_ first: Any, _ second: Any, _ rest: Any...) {
        self.init(layers: ([first, second] + rest).enumerated().map { i, step in
            if let link = step as? any Link & ChainCall { return .link(link) }
            if let function = step as? (Variable) -> Variable { return .function(function) }
            // A static function such as F.relu arrives as a @Sendable function, which is a different type to a cast.
            if let function = step as? @Sendable (Variable) -> Variable { return .function(function) }
            preconditionFailure("Sequential: step \(i) is a \(type(of: step)), neither a link called with one variable nor a (Variable) -> Variable function")
        })
    }

    /// Creates a model from a builder block of links and functions.
    public convenience init(@SequentialBuilder _ build: () -> [Layer]) { self.init(layers: build()) }

    /// Appends a link.
    public func append(_ link: any Link & ChainCall) {
        layers.append(.link(link))
        super.append(link)
    }

    public override func makeFresh() -> Link {
        Sequential(layers: layers.map { layer in
            guard case .link(let l) = layer else { return layer }
            guard let fresh = l.makeFresh() as? any Link & ChainCall else {
                preconditionFailure("copy(mode:): \(type(of: l)).makeFresh() returned a link that is not callable with one variable")
            }
            return .link(fresh)
        })
    }

    /// Appends a function.
    public func append(_ function: @escaping (Variable) -> Variable) { layers.append(.function(function)) }

    /// Runs every step on `x`.
    public func forward(_ x: Variable) -> Variable {
        var h = x
        for layer in layers {
            switch layer {
            case .link(let l): h = l(h)
            case .function(let f): h = f(h)
            }
        }
        return h
    }
}

/// Builds a `Sequential`'s steps from a block of links and functions.
@resultBuilder
public enum SequentialBuilder {
    /// A link step.
    public static func buildExpression(_ link: any Link & ChainCall) -> [Sequential.Layer] { [.link(link)] }
    /// A function step.
    public static func buildExpression(_ function: @escaping (Variable) -> Variable) -> [Sequential.Layer] { [.function(function)] }
    /// Steps in order.
    public static func buildBlock(_ parts: [Sequential.Layer]...) -> [Sequential.Layer] { parts.flatMap { $0 } }
    /// An optional step.
    public static func buildOptional(_ part: [Sequential.Layer]?) -> [Sequential.Layer] { part ?? [] }
    /// One branch of an if.
    public static func buildEither(first: [Sequential.Layer]) -> [Sequential.Layer] { first }
    /// The other branch of an if.
    public static func buildEither(second: [Sequential.Layer]) -> [Sequential.Layer] { second }
    /// Steps from a loop.
    public static func buildArray(_ parts: [[Sequential.Layer]]) -> [Sequential.Layer] { parts.flatMap { $0 } }
}
