import Testing
@testable import ChainerArray

/// The indexing fixtures, loaded once.
let indexingFixture: [String: NDArray] = (try? Fixture.load("indexing")) ?? [:]

/// A case from the indexing fixtures (stops the test with a clear message when it is missing).
func ix(_ name: String) -> NDArray {
    guard let a = indexingFixture[name] else {
        Issue.record("indexing fixture has no case \(name)")
        return NDArray.zeros([0])
    }
    return a
}

/// Expects a rearranging op to match NumPy in every dtype: the fixture input and expectation are both cast to it.
func expectEveryDType(_ input: NDArray, _ expected: NDArray, _ comment: Comment? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation, _ op: (NDArray) -> NDArray) {
    for dt in DType.allCases {
        let got = op(input.astype(dt))
        expectArray(got, expected.astype(dt), rtol: 0, atol: 0, "\(comment?.description ?? "") \(dt)", sourceLocation: sourceLocation)
    }
}

/// NumPy's name for a dtype's fixture suffix; bfloat16 (absent from NumPy) uses float32's values.
func numpyName(_ dt: DType) -> String { dt == .bfloat16 ? "float32" : dt.rawValue }
