import ChainerArray
import Foundation

/// Images read from PNG files as `(channels, height, width)` arrays of `dtype` (Chainer's `ImageDataset`).
/// The files are read when the dataset is made, so a bad file is an error there rather than during training.
public struct ImageDataset: Dataset {
    /// The images, in path order.
    public let images: [NDArray]

    /// Reads the PNG files at `paths` (relative to `root`).
    public init(paths: [String], root: String = ".", dtype: DType = .float32) throws(DatasetError) {
        images = try paths.map { (p) throws(DatasetError) -> NDArray in try readImage(p, root: root, dtype: dtype) }
    }

    /// Reads the images listed one per line in `listFile` (Chainer's text-file form).
    public init(listFile: String, root: String = ".", dtype: DType = .float32) throws(DatasetError) {
        let paths = try readLines(listFile).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try self.init(paths: paths, root: root, dtype: dtype)
    }

    /// Chainer's positional form: the PNG files at `paths`.
    public init(_ paths: [String], root: String = ".", dtype: DType = .float32) throws(DatasetError) {
        try self.init(paths: paths, root: root, dtype: dtype)
    }

    /// Chainer's positional form: the images listed in the text file `listFile`.
    public init(_ listFile: String, root: String = ".", dtype: DType = .float32) throws(DatasetError) {
        try self.init(listFile: listFile, root: root, dtype: dtype)
    }

    /// The number of images.
    public var count: Int { images.count }
    /// The `i`-th image.
    public subscript(i: Int) -> NDArray { images[resolvedIndex(i)] }
}

/// PNG images with integer labels: example `i` is `[image, label]` (Chainer's `LabeledImageDataset`).
public struct LabeledImageDataset: Dataset {
    /// The images, `(channels, height, width)`.
    public let images: [NDArray]
    /// The labels.
    public let labels: [Int]
    private let labelDType: DType

    /// Reads the PNG files of `pairs` (path relative to `root`, label).
    public init(pairs: [(String, Int)], root: String = ".", dtype: DType = .float32, labelDType: DType = .int32) throws(DatasetError) {
        images = try pairs.map { (p) throws(DatasetError) -> NDArray in try readImage(p.0, root: root, dtype: dtype) }
        labels = pairs.map(\.1)
        self.labelDType = labelDType
    }

    /// Reads "path label" lines (separated by spaces or tabs) from `listFile` (Chainer's text-file form).
    public init(listFile: String, root: String = ".", dtype: DType = .float32, labelDType: DType = .int32) throws(DatasetError) {
        var pairs: [(String, Int)] = []
        for (n, line) in try readLines(listFile).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2, let label = Int(parts[1]) else {
                throw .badFile("\(listFile) line \(n + 1): expected \"path label\", got \"\(line)\"")
            }
            pairs.append((String(parts[0]), label))
        }
        try self.init(pairs: pairs, root: root, dtype: dtype, labelDType: labelDType)
    }

    /// Chainer's positional form: `(path, label)` pairs.
    public init(_ pairs: [(String, Int)], root: String = ".", dtype: DType = .float32, labelDType: DType = .int32) throws(DatasetError) {
        try self.init(pairs: pairs, root: root, dtype: dtype, labelDType: labelDType)
    }

    /// Chainer's positional form: the "path label" lines of `listFile`.
    public init(_ listFile: String, root: String = ".", dtype: DType = .float32, labelDType: DType = .int32) throws(DatasetError) {
        try self.init(listFile: listFile, root: root, dtype: dtype, labelDType: labelDType)
    }

    /// The number of examples.
    public var count: Int { images.count }
    /// `[image, label]`.
    public subscript(i: Int) -> [NDArray] {
        let i = resolvedIndex(i)
        return [images[i], NDArray(scalar: Double(labels[i]), dtype: labelDType)]
    }
}

/// Lines of text files read in parallel: example `i` is the `i`-th line of each file, without its line end (Chainer's
/// `TextDataset`, whose lines keep their "\n").
public struct TextDataset: Dataset {
    /// The lines of each file (without line ends).
    public let files: [[String]]

    /// Reads the files; they must have the same number of lines. With `filter` (Chainer's `filter_func`), only
    /// the line numbers for which it returns true, given that line of every file, are kept.
    public init(paths: [String], filter: (([String]) -> Bool)? = nil) throws(DatasetError) {
        precondition(!paths.isEmpty, "TextDataset: needs at least one file")
        let all = try paths.map { (p) throws(DatasetError) -> [String] in
            var lines = try readLines(p)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        guard Set(all.map(\.count)).count == 1 else {
            throw .badFile("TextDataset: the files have different numbers of lines: \(all.map(\.count))")
        }
        guard let filter else { files = all; return }
        let kept = (0..<all[0].count).filter { i in filter(all.map { $0[i] }) }
        files = all.map { lines in kept.map { lines[$0] } }
    }

    /// Chainer's positional form: the files at `paths`.
    public init(_ paths: [String], filter: (([String]) -> Bool)? = nil) throws(DatasetError) {
        try self.init(paths: paths, filter: filter)
    }

    /// The lines of one file (each example is a one-element array).
    public init(_ path: String, filter: (([String]) -> Bool)? = nil) throws(DatasetError) {
        try self.init(paths: [path], filter: filter)
    }

    /// The number of lines.
    public var count: Int { files[0].count }
    /// The `i`-th line of every file.
    public subscript(i: Int) -> [String] { let i = resolvedIndex(i); return files.map { $0[i] } }
}

private func readLines(_ path: String) throws(DatasetError) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { throw .badFile("cannot read \(path)") }
    guard let text = String(data: data, encoding: .utf8) else { throw .badFile("\(path) is not UTF-8 text") }
    // "\r\n" is one Character in Swift, so splitting on these three Characters handles every line end (Python's
    // universal newlines).
    return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        .map(String.init)
}

private func readImage(_ path: String, root: String, dtype: DType) throws(DatasetError) -> NDArray {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: root).appendingPathComponent(path)
    let image: NDArray
    do { image = try PNG.read(url) } catch { throw .badFile("\(url.path): \(error)") }
    return image.transposed([2, 0, 1]).astype(dtype)
}

extension ImageDataset: Sequence {}
extension LabeledImageDataset: Sequence {}
extension TextDataset: Sequence {}
