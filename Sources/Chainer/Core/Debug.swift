/// Debug mode's NaN/Inf check of function outputs and gradients.
enum DebugCheck {
    static func check(_ arrays: [NDArray], function: String, phase: String, file: StaticString?, line: UInt?, callSite: String? = nil) {
        for (i, a) in arrays.enumerated() where a.dtype.isFloatingPoint && a.size > 0 {
            if !a.isfinite().all().scalars.allSatisfy({ $0 != 0 }) {
                let place = file.map { "\($0):\(line ?? 0)" } ?? callSite ?? "unknown location"
                // fatalError, not preconditionFailure: optimized builds drop a precondition's message, and the message is
                // the point of debug mode.
                fatalError("\(function): \(phase) output \(i) (shape \(a.shape), \(a.dtype)) contains NaN or Inf; function applied at \(place)")
            }
        }
    }
}
