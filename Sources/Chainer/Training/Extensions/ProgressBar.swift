import Foundation

/// Shows training progress every `updateInterval` iterations: the total and current-epoch fractions, the
/// iteration and epoch, iterations per second and the estimated time to finish. Redrawn in place on a terminal;
/// plain lines otherwise.
public final class ProgressBar: Extension {
    private let trainingLength: (Int, IntervalUnit)?
    private let updateInterval: Int
    private let barLength: Int
    private let out: OutputSink
    private var recent: [(iteration: Int, time: Double)] = []
    private var drawn = false

    /// A progress bar; the length defaults to the trainer's stop trigger.
    public init(trainingLength: (Int, IntervalUnit)? = nil, updateInterval: Int = 100, barLength: Int = 50,
                out: OutputSink = .standardOutput) {
        precondition(updateInterval >= 1, "ProgressBar: updateInterval must be positive, got \(updateInterval)")
        self.trainingLength = trainingLength
        self.updateInterval = updateInterval
        self.barLength = barLength
        self.out = out
    }

    /// Draws every `updateInterval` iterations.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let updater = trainer.updater
        let iteration = updater.iteration
        guard iteration % updateInterval == 0 else { return }
        recent.append((iteration, trainer.elapsedTime))
        if recent.count > 10 { recent.removeFirst() }
        out.write(render(trainer))
    }

    /// Clears the drawing on a terminal.
    public override func finalize(_ trainer: Trainer) {
        if out.isTerminal && drawn { out.write("\u{1B}[J") }
    }

    private func render(_ trainer: Trainer) -> String {
        let updater = trainer.updater
        let (length, unit) = trainingLength ?? trainer.stopTrigger.trainingLength ?? (0, .iteration)
        let iteration = updater.iteration, epochDetail = updater.epochDetail
        let total: Double = length == 0 ? 0 : (unit == .epoch ? epochDetail : Double(iteration)) / Double(length)
        let thisEpoch = epochDetail - epochDetail.rounded(.down)
        var speed = 0.0
        if let first = recent.first, let last = recent.last, last.time > first.time {
            speed = Double(last.iteration - first.iteration) / (last.time - first.time)
        } else if trainer.elapsedTime > 0 {
            speed = Double(iteration) / trainer.elapsedTime
        }
        var eta = "unknown"
        if speed > 0 && length > 0 {
            let remainingIterations = unit == .iteration
                ? Double(length - iteration)
                : (Double(length) - epochDetail) * Double(iteration) / Swift.max(epochDetail, 1e-12)
            eta = ProgressBar.clock(Swift.max(0, remainingIterations / speed))
        }
        // Chainer's "{0.epoch} epoch / %s %ss" and "{:6.2%}" (the width counts the percent sign).
        let epochs = "\(updater.epoch) epoch / \(length) \(unit.rawValue)s"
        let percent = { (x: Double) -> String in
            let text = String(format: "%.2f%%", Swift.min(x, 1) * 100)
            return String(repeating: " ", count: Swift.max(0, 6 - text.count)) + text
        }
        let stats = String(format: "%10.5g", speed) + " iters/sec. Estimated time to finish: " + eta + "."
        if out.isTerminal {
            let bar = { (x: Double) -> String in
                let n = Int(Swift.min(x, 1) * Double(self.barLength))
                return "[" + String(repeating: "#", count: n) + String(repeating: ".", count: self.barLength - n) + "]"
            }
            drawn = true
            return "\u{1B}[J     total \(bar(total)) \(percent(total))\nthis epoch \(bar(thisEpoch)) \(percent(thisEpoch))\n"
                + String(format: "%10d iter, ", iteration) + epochs + "\n" + stats + "\n\u{1B}[4A"
        }
        return "total \(percent(total)), this epoch \(percent(thisEpoch)), \(iteration) iter, \(epochs), "
            + stats.trimmingCharacters(in: .whitespaces) + "\n"
    }

    /// `H:MM:SS` like Python's `timedelta` (whole seconds).
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}
