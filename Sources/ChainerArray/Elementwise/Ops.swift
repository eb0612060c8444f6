import CChainerKernels

/// Elementwise functions of one argument. A new one is a case here, a C enum value and its C expressions.
public enum UnaryOp: Sendable, CaseIterable {
    case neg, abs, sign, square, sqrt, rsqrt, reciprocal
    case exp, expm1, log, log1p, log2, log10
    case sin, cos, tan, arcsin, arccos, arctan
    case sinh, cosh, tanh, arcsinh, arccosh, arctanh
    case sigmoid, erf, erfc, floor, ceil, round, trunc
    case relu, softplus, gelu, silu

    /// The C kernel's operation code.
    var code: Int32 {
        let c: ck_unary_op = switch self {
        case .neg: CK_NEG
        case .abs: CK_ABS
        case .sign: CK_SIGN
        case .square: CK_SQUARE
        case .sqrt: CK_SQRT
        case .rsqrt: CK_RSQRT
        case .reciprocal: CK_RECIPROCAL
        case .exp: CK_EXP
        case .expm1: CK_EXPM1
        case .log: CK_LOG
        case .log1p: CK_LOG1P
        case .log2: CK_LOG2
        case .log10: CK_LOG10
        case .sin: CK_SIN
        case .cos: CK_COS
        case .tan: CK_TAN
        case .arcsin: CK_ARCSIN
        case .arccos: CK_ARCCOS
        case .arctan: CK_ARCTAN
        case .sinh: CK_SINH
        case .cosh: CK_COSH
        case .tanh: CK_TANH
        case .arcsinh: CK_ARCSINH
        case .arccosh: CK_ARCCOSH
        case .arctanh: CK_ARCTANH
        case .sigmoid: CK_SIGMOID
        case .erf: CK_ERF
        case .erfc: CK_ERFC
        case .floor: CK_FLOOR
        case .ceil: CK_CEIL
        case .round: CK_ROUND
        case .trunc: CK_TRUNC
        case .relu: CK_RELU
        case .softplus: CK_SOFTPLUS
        case .gelu: CK_GELU
        case .silu: CK_SILU
        }
        return Int32(c.rawValue)
    }

    /// Relative cost of one element (cheap ops need more elements before going parallel pays).
    var costPerElement: Int { self == .neg || self == .abs || self == .square ? 1 : 8 }

    /// Whether integer inputs give integer results (the other ops give floats, as in NumPy).
    var keepsIntegers: Bool {
        switch self {
        case .neg, .abs, .sign, .square, .floor, .ceil, .round, .trunc, .relu: true
        default: false
        }
    }
}

/// Elementwise functions of two arguments.
public enum BinaryOp: Sendable, CaseIterable {
    case add, sub, mul, div, pow, maximum, minimum, fmod, atan2, hypot, floorDiv, copysign
    /// Backward helpers fused into one pass: `b·(1−a²)`, `b·a·(1−a)` and `a > 0 ? b : 0` for output `a`, gradient `b`.
    case tanhGrad, sigmoidGrad, reluGrad

    var code: Int32 {
        let c: ck_binary_op = switch self {
        case .add: CK_ADD
        case .sub: CK_SUB
        case .mul: CK_MUL
        case .div: CK_DIV
        case .pow: CK_POW
        case .maximum: CK_MAXIMUM
        case .minimum: CK_MINIMUM
        case .fmod: CK_FMOD
        case .atan2: CK_ATAN2
        case .hypot: CK_HYPOT
        case .floorDiv: CK_FLOORDIV
        case .copysign: CK_COPYSIGN
        case .tanhGrad: CK_TANH_GRAD
        case .sigmoidGrad: CK_SIGMOID_GRAD
        case .reluGrad: CK_RELU_GRAD
        }
        return Int32(c.rawValue)
    }

    /// Relative cost of one element (cheap ops need more elements before going parallel pays).
    var costPerElement: Int { self == .pow || self == .atan2 || self == .fmod || self == .hypot ? 8 : 1 }

    /// Name used in error messages.
    var name: String { "\(self)" }

    /// Whether integer inputs give a float result (true division and the transcendental ones).
    var floatsIntegers: Bool { self == .div || self == .atan2 || self == .hypot || self == .copysign }
}

/// Elementwise comparisons giving bool arrays.
public enum CompareOp: Sendable, CaseIterable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    var code: Int32 {
        let c: ck_compare_op = switch self {
        case .equal: CK_EQ
        case .notEqual: CK_NE
        case .less: CK_LT
        case .lessEqual: CK_LE
        case .greater: CK_GT
        case .greaterEqual: CK_GE
        }
        return Int32(c.rawValue)
    }
}
