/// A snapshot file-name template as Chainer's `filename.format(trainer)` reads it: literal text around the fields
/// `{.updater.iteration}` and `{.updater.epoch}`, each with an optional integer format spec (`{.updater.iteration:08d}`,
/// `{.updater.epoch:>4}`: fill, alignment, zero padding, width).
struct SnapshotName {
    private enum Part {
        case literal(String)
        case field(iteration: Bool, spec: Substring)
    }
    private let parts: [Part]

    /// Parses `template`; a brace that opens no known field is kept as text.
    init(_ template: String) {
        var parts: [Part] = [], literal = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            rest = rest[open...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let body = rest[rest.index(after: open)..<close]
            let name = body.prefix { $0 != ":" }, spec = body.dropFirst(name.count).dropFirst()
            if name == ".updater.iteration" || name == ".updater.epoch" {
                parts.append(.literal(literal))
                literal = ""
                parts.append(.field(iteration: name == ".updater.iteration", spec: spec))
            } else {
                literal += rest[...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        parts.append(.literal(literal + rest))
        self.parts = parts
    }

    /// The name for this iteration and epoch.
    func filled(iteration: Int, epoch: Int) -> String {
        parts.map { part in
            switch part {
            case .literal(let s): s
            case .field(let isIteration, let spec): SnapshotName.format(isIteration ? iteration : epoch, spec)
            }
        }.joined()
    }

    /// The field values a file name holds, or nil when the name was not made from this template.
    func numbers(in name: String) -> [Int]? {
        var numbers: [Int] = [], tail = Substring(name)
        for part in parts {
            switch part {
            case .literal(let s):
                guard tail.hasPrefix(s) else { return nil }
                tail = tail.dropFirst(s.count)
            case .field:
                let digits = tail.drop { $0 == " " }.prefix { $0.isASCII && $0.isNumber }
                let skipped = tail.count - tail.drop { $0 == " " }.count
                guard let n = Int(digits) else { return nil }
                numbers.append(n)
                tail = tail.dropFirst(skipped + digits.count).drop { $0 == " " }
            }
        }
        return tail.isEmpty ? numbers : nil
    }

    /// Python's integer formatting for the specs file names use: `[[fill]align][0][width][d]`.
    static func format(_ value: Int, _ spec: Substring) -> String {
        var spec = spec, fill: Character = " ", align: Character = ">"
        if spec.count >= 2, "<>^".contains(spec[spec.index(after: spec.startIndex)]) {
            fill = spec.first!
            align = spec[spec.index(after: spec.startIndex)]
            spec = spec.dropFirst(2)
        } else if let first = spec.first, "<>^".contains(first) {
            align = first
            spec = spec.dropFirst()
        }
        var zeroPad = false
        if spec.first == "0" { zeroPad = true; spec = spec.dropFirst() }
        if spec.last == "d" { spec = spec.dropLast() }
        let text = String(value), width = Int(spec) ?? 0
        guard text.count < width else { return text }
        let pad = width - text.count
        if zeroPad && align == ">" && fill == " " {
            return value < 0 ? "-" + String(repeating: "0", count: pad) + text.dropFirst() : String(repeating: "0", count: pad) + text
        }
        switch align {
        case "<": return text + String(repeating: fill, count: pad)
        case "^": return String(repeating: fill, count: pad / 2) + text + String(repeating: fill, count: pad - pad / 2)
        default: return String(repeating: fill, count: pad) + text
        }
    }
}
