import Chainer
import Foundation

/// What `chainer info` reports about the machine and the libraries found.
enum SystemInfo {
    static func lines() -> [String] {
        var out: [String] = []
        out.append("cpu: \(cpuModel()) (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        out.append("cpu features: \(cpuFeatures().joined(separator: " "))")
        let supported = KernelISA.allCases.filter(\.isSupported).map(\.name).joined(separator: ", ")
        out.append("kernels: \(KernelISA.active.name) (supported: \(supported); CHAINER_KERNEL_ISA overrides)")
        out.append("threads: \(Parallel.threadCount) (CHAINER_NUM_THREADS)")
        if let b = BLAS.info {
            var line = "blas: \(b.vendor) at \(b.path)"
            if let core = b.coreType { line += ", core \(core)" }
            if let t = b.threads { line += ", \(t) threads" }
            out.append(line)
            if let c = b.config { out.append("blas config: \(c)") }
        } else {
            let env = ProcessInfo.processInfo.environment["CHAINER_BLAS"]
            out.append(env == "none" ? "blas: disabled by CHAINER_BLAS=none; using the built-in GEMM"
                                     : "blas: none found; using the built-in GEMM (install libopenblas0 for speed)")
        }
        return out
    }

    private static func cpuinfo() -> String { (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "" }

    static func cpuModel() -> String {
        for line in cpuinfo().split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }

    static func cpuFeatures() -> [String] {
        let interesting = ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_bf16", "amx_tile"]
        for line in cpuinfo().split(separator: "\n") where line.hasPrefix("flags") {
            let flags = Set(line.split(separator: " ").map(String.init))
            return interesting.filter { flags.contains($0) }
        }
        return []
    }
}
