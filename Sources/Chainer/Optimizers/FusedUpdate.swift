/// The element types fused update loops run in.
public protocol OptimizerScalar: BinaryFloatingPoint {}
extension Float: OptimizerScalar {}
extension Double: OptimizerScalar {}

/// Typed pointers a fused update loop reads and writes: the parameter, its gradient and the rule's state arrays (in
/// the order the rule's `stateNames` lists them).
public struct FusedBuffers<T: OptimizerScalar> {
    /// The parameter's elements (written in place).
    public let param: UnsafeMutablePointer<T>
    /// The gradient's elements.
    public let grad: UnsafePointer<T>
    /// State arrays' elements, in `stateNames` order.
    public let states: [UnsafeMutablePointer<T>]
    /// Number of elements.
    public let count: Int
}

/// An update rule whose whole step is one pass over the elements (the common optimizers): the pass is written once,
/// generically, and run on float32 or float64 pointers chosen once per parameter.
public protocol FusedUpdateRule: UpdateRule {
    /// Names of the state arrays the loop uses, in the order `FusedBuffers.states` gives them.
    var stateNames: [String] { get }
    /// The update pass over `buffers.count` elements.
    func fusedUpdate<T: OptimizerScalar>(_ buffers: FusedBuffers<T>)
    /// `fusedUpdate` on float32 buffers; keep the default.
    func fusedUpdateFloat(_ buffers: FusedBuffers<Float>)
    /// `fusedUpdate` on float64 buffers; keep the default.
    func fusedUpdateDouble(_ buffers: FusedBuffers<Double>)
}

// `runFused` reaches a rule through the protocol. Calling the generic `fusedUpdate` there would pass T only as
// metadata, and each element's arithmetic would become a witness-table call (12% of the lstm benchmark with SGD).
// These concrete requirements are witnessed per conforming rule, where Self and T are both known, so the compiler
// specialises every rule's pass for Float and Double without anything written in the rule.
extension FusedUpdateRule {
    public func fusedUpdateFloat(_ buffers: FusedBuffers<Float>) { fusedUpdate(buffers) }
    public func fusedUpdateDouble(_ buffers: FusedBuffers<Double>) { fusedUpdate(buffers) }
}

extension FusedUpdateRule {
    /// Runs `fusedUpdate` on the parameter, its gradient and the state arrays, in place (float16 parameters run
    /// through float32 copies written back afterwards).
    public func runFused(_ param: Parameter) {
        guard var grad = param.grad else { return }
        let names = stateNames
        var states = names.map { name -> NDArray in
            guard let s = state[name] else { preconditionFailure("\(type(of: self)): state \(name) is missing") }
            return s
        }
        for n in names { state[n] = nil }   // the local copies must be the only owners to be written in place
        let dtype = param.dtype
        precondition(dtype.isFloatingPoint, "\(type(of: self)).update: parameter dtype \(dtype) is not floating point")
        let compute: DType = dtype == .float64 ? .float64 : .float32
        var p = dtype == compute ? param.array : param.array.astype(compute)
        // Release the parameter's reference so the pass writes in place; a parameter shared with a copy keeps its
        // array (the members must never see a placeholder), and the pass writes a new one that all then take.
        if dtype == compute && param.sharing == nil { param.array = NDArray.zeros([0], dtype: dtype) }
        grad = (grad.dtype == compute ? grad : grad.astype(compute)).contiguous()
        states = states.map { $0.dtype == compute ? $0 : $0.astype(compute) }
        let count = p.size
        precondition(grad.size == count, "\(type(of: self)).update: gradient shape \(grad.shape) differs from parameter shape \(p.shape)")
        for (name, s) in zip(names, states) {
            precondition(s.shape == p.shape, "\(type(of: self)).update: state \(name) has shape \(s.shape), the parameter \(p.shape)")
        }
        let pp = p.uniqueMutableRawPointer()
        let sp = states.indices.map { states[$0].uniqueMutableRawPointer() }
        if compute == .float32 {
            fusedUpdateFloat(FusedBuffers<Float>(param: pp.assumingMemoryBound(to: Float.self),
                                            grad: grad.contiguousRawPointer.assumingMemoryBound(to: Float.self),
                                            states: sp.map { $0.assumingMemoryBound(to: Float.self) }, count: count))
        } else {
            fusedUpdateDouble(FusedBuffers<Double>(param: pp.assumingMemoryBound(to: Double.self),
                                             grad: grad.contiguousRawPointer.assumingMemoryBound(to: Double.self),
                                             states: sp.map { $0.assumingMemoryBound(to: Double.self) }, count: count))
        }
        withExtendedLifetime(grad) {}
        param.array = dtype == compute ? p : p.astype(dtype)
        for (i, n) in names.enumerated() {
            let original = states[i]
            state[n] = original
        }
        if dtype == .float16 || dtype == .bfloat16 {
            for n in names where state[n]!.dtype != dtype { state[n] = state[n]!.astype(dtype) }
        }
    }
}

/// The square root of a value that is non-negative by construction (a running mean of squares). Clamping at zero
/// tells the compiler no domain error can occur, so the loop vectorises instead of calling libm's `sqrtf` per element
/// for errno; NaN still propagates.
@inline(__always)
func nonNegativeSqrt<T: OptimizerScalar>(_ x: T) -> T { Swift.max(x, 0).squareRoot() }
