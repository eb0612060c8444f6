/// A parser for the small subset of Python literals a `.npy` header uses: dicts, tuples, strings, ints, booleans.
/// It never evaluates anything and rejects whatever else it meets.
struct LiteralParser {
    /// A parsed literal.
    indirect enum Value: Equatable {
        case string(String), int(Int), bool(Bool), tuple([Value]), list([Value]), dict([(String, Value)])

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.string(let x), .string(let y)): x == y
            case (.int(let x), .int(let y)): x == y
            case (.bool(let x), .bool(let y)): x == y
            case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): x == y
            case (.dict(let x), .dict(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: false
            }
        }
    }

    private let chars: [Character]
    private var pos = 0
    private var depth = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { pos >= chars.count }

    mutating func skipSpace() {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
    }

    private mutating func expect(_ c: Character) throws(ArrayIOError) {
        skipSpace()
        guard pos < chars.count, chars[pos] == c else { throw .badHeader("expected '\(c)' at character \(pos)") }
        pos += 1
    }

    /// Parses one value.
    mutating func parseValue() throws(ArrayIOError) -> Value {
        skipSpace()
        guard pos < chars.count else { throw .badHeader("unexpected end of header") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw .badHeader("nesting too deep") }
        let c = chars[pos]
        switch c {
        case "{":
            pos += 1
            var entries: [(String, Value)] = []
            while true {
                skipSpace()
                if pos < chars.count, chars[pos] == "}" { pos += 1; return .dict(entries) }
                guard case .string(let key) = try parseValue() else { throw .badHeader("dict keys must be strings") }
                try expect(":")
                entries.append((key, try parseValue()))
                if try !separator(close: "}") { return .dict(entries) }
            }
        case "(", "[":
            pos += 1
            let close: Character = c == "(" ? ")" : "]"
            var items: [Value] = []
            var sawComma = false
            while true {
                skipSpace()
                if pos < chars.count, chars[pos] == close { pos += 1; break }
                items.append(try parseValue())
                let more = try separator(close: close)
                sawComma = sawComma || more
                if !more { break }
            }
            // "(3)" is just 3 in Python, not a tuple.
            if c == "(" && items.count == 1 && !sawComma { return items[0] }
            return c == "(" ? .tuple(items) : .list(items)
        case "'", "\"":
            pos += 1
            var s = ""
            while pos < chars.count, chars[pos] != c {
                guard chars[pos] != "\\" else { throw .badHeader("escapes in strings are not supported") }
                s.append(chars[pos]); pos += 1
            }
            guard pos < chars.count else { throw .badHeader("unterminated string") }
            pos += 1
            return .string(s)
        default:
            var word = ""
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "-" || chars[pos] == "+" || chars[pos] == "_" {
                word.append(chars[pos]); pos += 1
            }
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            if word.hasSuffix("L") { word.removeLast() }  // Python 2's long suffix, seen in old files
            guard word.allSatisfy({ $0.isASCII }), let n = Int(word) else { throw .badHeader("unexpected token '\(word.prefix(20))'") }
            return .int(n)
        }
    }

    /// After an item: consumes ',' (returns true) or the closing bracket (returns false).
    private mutating func separator(close: Character) throws(ArrayIOError) -> Bool {
        skipSpace()
        guard pos < chars.count else { throw .badHeader("unexpected end of header") }
        if chars[pos] == "," { pos += 1; return true }
        if chars[pos] == close { pos += 1; return false }
        throw .badHeader("expected ',' or '\(close)' at character \(pos)")
    }
}
