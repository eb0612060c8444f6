/// How `Link.copy(mode:)` treats the parameters (Chainer's `mode` strings `share`, `copy`, `init`).
public enum LinkCopyMode: Sendable {
    /// The copy's parameters and persistent values are shared with the original (no memory copied): an optimizer
    /// step, a load or a running-statistics update on either link is seen by both, as with Chainer's shared
    /// ndarrays (so an evaluation copy always sees the trained weights). Gradients are each link's own.
    case share
    /// The copy's parameters and persistent values are deep copies (Chainer's `copy.deepcopy`).
    case copy
    /// The copy's parameters are drawn afresh from the links' initializers; persistent values are copied.
    case initialize
}

extension Link {
    /// A copy of the link hierarchy rooted here (Chainer's `Link.copy`); see `LinkCopyMode`. Link hooks are not
    /// copied. Every link in the hierarchy must override `makeFresh()` (the standard links do).
    public final func copy(mode: LinkCopyMode = .share) -> Self {
        let fresh = makeFresh()
        guard let out = fresh as? Self else {
            preconditionFailure("copy(mode:): \(type(of: self)).makeFresh() returned a \(type(of: fresh))")
        }
        let mine = namedParams(), theirs = out.namedParams()
        precondition(mine.map(\.0) == theirs.map(\.0),
                     "copy(mode:): the fresh \(type(of: self)) has parameters \(theirs.map(\.0)), not \(mine.map(\.0))")
        for ((_, src), (_, dst)) in zip(mine, theirs) {
            dst.clearGrad()
            // Shared parameters are joined even before allocation: whichever link allocates first, both hold it.
            if mode == .share && !src.isInitialized && !dst.isInitialized { SharedArray.join(src, dst) }
            guard src.isInitialized else { continue }
            switch mode {
            case .share:
                dst.isInitialized ? (dst.array = src.array) : dst.initialize(src.array)
                SharedArray.join(src, dst)
            case .copy:
                let a = src.array.copy()
                dst.isInitialized ? (dst.array = a) : dst.initialize(a)
                dst.grad = src.grad?.copy()
            case .initialize:
                precondition(dst.isInitialized && dst.shape == src.shape,
                             "copy(mode: .initialize): \(type(of: self)).makeFresh() left \(dst.name ?? "a parameter") unallocated or reshaped")
            }
        }
        for ((_, dst), (_, src)) in zip(out.namedLinks(), namedLinks()) {
            if mode == .share && dst.persistentNames == src.persistentNames {
                dst.persistentValues = src.persistentValues
            } else {
                for name in src.persistentNames where dst.persistentNames.contains(name) {
                    dst.persistentStore[name] = mode == .share ? src.persistentStore[name] : src.persistentStore[name]?.copy()
                }
            }
            if !src.updateEnabled { dst.disableUpdate() }
        }
        return out
    }

    /// `n` copies of this link in a `Sequential` (Chainer's `Link.repeat`); empty when `n` is 0 or less. The link
    /// must be callable with one variable.
    public final func repeated(_ n: Int, mode: LinkCopyMode = .initialize) -> Sequential {
        guard let callable = self as? any Link & ChainCall else {
            preconditionFailure("repeated: \(type(of: self)) is not called with one variable, so it cannot be a Sequential step")
        }
        let seq = Sequential(layers: [])
        for _ in 0..<Swift.max(n, 0) { seq.append(callable.copy(mode: mode)) }
        return seq
    }
}
