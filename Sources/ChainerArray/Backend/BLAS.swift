#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the runtime-loaded BLAS library is (for `chainer info`).
public struct BLASInfo: Sendable, Equatable {
    /// The path or name the library was opened by.
    public var path: String
    /// "OpenBLAS", "MKL", "Accelerate" or "generic".
    public var vendor: String
    /// The CPU kernel set in use, when the library says (OpenBLAS's core name).
    public var coreType: String?
    /// Threads the library uses, when it says.
    public var threads: Int?
    /// The library's build description, when it says (OpenBLAS's config string).
    public var config: String?
}

/// The BLAS library GEMM goes to, loaded at run time (no link-time dependency).
///
/// `CHAINER_BLAS` picks it: unset tries the usual library names, `none` uses the built-in GEMM, a path loads that
/// library (falling back to the built-in GEMM, with one message on stderr, when it cannot).
public enum BLAS {
    /// The loaded library, or nil when GEMM runs built in.
    public static var info: BLASInfo? { loaded?.info }
    /// Whether GEMM runs on the built-in kernels (no library, or `CHAINER_BLAS=none`).
    public static var usingBuiltin: Bool { loaded == nil }

    /// Set by tests to run the built-in GEMM even when a library is loaded.
    @TaskLocal static var forceBuiltin = false

    /// The library's entry points, when GEMM should go to it in the current context.
    static var active: Library? { forceBuiltin ? nil : loaded }

    typealias SgemmFn = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DgemmFn = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    typealias StringFn = @convention(c) () -> UnsafePointer<CChar>?
    typealias IntFn = @convention(c) () -> Int32

    /// CBLAS enum values (row-major order, no transpose, transpose).
    static let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112

    /// An opened library's GEMM entry points. The handle is never closed: the process keeps the library.
    struct Library: @unchecked Sendable {
        let sgemm: SgemmFn
        let dgemm: DgemmFn
        let info: BLASInfo
    }

    /// Loaded once, on first use.
    static let loaded: Library? = load()

    private static func load() -> Library? {
        quietIdleOpenBLASThreads()
        let env = getenv("CHAINER_BLAS").map { String(cString: $0) }
        if let env, env.lowercased() == "none" { return nil }
        if let env, !env.isEmpty {
            if let lib = open(env) { return lib }
            let message = "chainer: CHAINER_BLAS=\(env) could not be loaded as a CBLAS library (\(lastError())); using the built-in GEMM\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            return nil
        }
        #if canImport(Darwin)
        let candidates = ["/System/Library/Frameworks/Accelerate.framework/Accelerate", "libopenblas.dylib"]
        #else
        let candidates = ["libopenblas.so.0", "libopenblas.so", "libblas.so.3", "libmkl_rt.so"]
        #endif
        for name in candidates { if let lib = open(name) { return lib } }
        return nil
    }

    /// OpenBLAS's threads spin, calling sched_yield, for 2^28 cycles (about 0.1 s) after each GEMM before they sleep.
    /// Between GEMMs the cores belong to our own kernels (im2col, elementwise, optimizer passes), so the spinning
    /// threads take them away; on 2 cores resnet20 ran 30% faster with them sleeping at once (2^4 cycles, OpenBLAS's
    /// minimum). The variable is read when the library loads, so it is set here, unless the user set it.
    private static func quietIdleOpenBLASThreads() {
        setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0)
    }

    private static func lastError() -> String { dlerror().map { String(cString: $0) } ?? "unknown error" }

    /// Opens `path` and resolves the CBLAS GEMMs, or returns nil (closing it) when either is missing.
    private static func open(_ path: String) -> Library? {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let s = dlsym(handle, "cblas_sgemm"), let d = dlsym(handle, "cblas_dgemm") else {
            dlclose(handle)
            return nil
        }
        func string(_ name: String) -> String? {
            guard let f = dlsym(handle, name) else { return nil }
            return unsafeBitCast(f, to: StringFn.self)().map { String(cString: $0).trimmingSpaces() }
        }
        let corename = string("openblas_get_corename")
        let config = string("openblas_get_config")
        let threads = dlsym(handle, "openblas_get_num_threads").map { Int(unsafeBitCast($0, to: IntFn.self)()) }
        let mklThreads = dlsym(handle, "MKL_Get_Max_Threads").map { Int(unsafeBitCast($0, to: IntFn.self)()) }
        let vendor: String
        if config != nil || corename != nil { vendor = "OpenBLAS" }
        else if mklThreads != nil || path.contains("mkl") { vendor = "MKL" }
        else if path.contains("Accelerate") { vendor = "Accelerate" }
        else { vendor = "generic" }
        let info = BLASInfo(path: path, vendor: vendor, coreType: corename, threads: threads ?? mklThreads, config: config)
        return Library(sgemm: unsafeBitCast(s, to: SgemmFn.self), dgemm: unsafeBitCast(d, to: DgemmFn.self), info: info)
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " || s.last == "\n" { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
