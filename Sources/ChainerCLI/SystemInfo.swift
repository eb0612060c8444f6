import Chainer
import Foundation

/// What `chainer info` reports about the machine and the libraries found.
enum SystemInfo {
    static func lines() -> [String] {
        var out: [String] = []
        out.append("cpu: \(cpuModel()) (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
        out.append("cpu features: \(cpuFeatures().joined(separator: " "))")
        out.append("threads: \(Parallel.threadCount) (CHAINER_NUM_THREADS)")
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
