import ChainerArray
import Foundation

/// Images read from PNG files as `(channels, height, width)` arrays of `dtype` (Chainer's `ImageDataset`).
///
/// As in Chainer, a file is read each time its example is accessed, so a list of a million images costs no memory;
/// the files must exist when the dataset is made, and one that cannot be decoded later stops with a message naming
/// it. `preload: true` decodes every file up front instead (errors thrown there; faster epochs for small sets).
/// Two decodings differ from PIL's: palette images give their RGB(A) colours (PIL: the indices) and 1-bit images
/// 0 and 255 (PIL: 0 and 1).
public struct ImageDataset: Dataset {
    /// The image files, as given (relative to `root` unless absolute).
    public let paths: [String]
    /// The directory relative paths start from.
    public let root: String
    /// The element type of the images.
    public let dtype: DType
    private let preloaded: [NDArray]?

    /// The PNG files at `paths` (relative to `root`).
    public init(paths: [String], root: String = ".", dtype: DType = .float32, preload: Bool = false) throws(DatasetError) {
        self.paths = paths
        self.root = root
        self.dtype = dtype
        preloaded = preload ? try paths.map { (p) throws(DatasetError) -> NDArray in try readImage(p, root: root, dtype: dtype) } : nil
        if !preload { try checkExist(paths, root: root) }
    }

    /// The images listed one per line in `listFile` (Chainer's text-file form).
    public init(listFile: String, root: String = ".", dtype: DType = .float32, preload: Bool = false) throws(DatasetError) {
        let paths = try readLines(listFile).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try self.init(paths: paths, root: root, dtype: dtype, preload: preload)
    }

    /// Chainer's positional form: the PNG files at `paths`.
    public init(_ paths: [String], root: String = ".", dtype: DType = .float32, preload: Bool = false) throws(DatasetError) {
        try self.init(paths: paths, root: root, dtype: dtype, preload: preload)
    }

    /// Chainer's positional form: the images listed in the text file `listFile`.
    public init(_ listFile: String, root: String = ".", dtype: DType = .float32, preload: Bool = false) throws(DatasetError) {
        try self.init(listFile: listFile, root: root, dtype: dtype, preload: preload)
    }

    /// Every image, in path order (reads every file that was not preloaded).
    public var images: [NDArray] { preloaded ?? (0..<count).map { self[$0] } }

    /// The number of images.
    public var count: Int { paths.count }
    /// The `i`-th image.
    public subscript(i: Int) -> NDArray {
        let i = resolvedIndex(i)
        return preloaded?[i] ?? readImageOrStop(paths[i], root: root, dtype: dtype)
    }
}

/// PNG images with integer labels: example `i` is `[image, label]` (Chainer's `LabeledImageDataset`). Images are
/// read on access, as `ImageDataset`'s, unless preloaded.
public struct LabeledImageDataset: Dataset {
    /// The images, read as an `ImageDataset` reads them.
    public let files: ImageDataset
    /// The labels.
    public let labels: [Int]
    private let labelDType: DType

    /// The image files, as given (relative to `root` unless absolute).
    public var paths: [String] { files.paths }
    /// The directory relative paths start from.
    public var root: String { files.root }
    /// The element type of the images.
    public var dtype: DType { files.dtype }

    /// The PNG files of `pairs` (path relative to `root`, label).
    public init(pairs: [(String, Int)], root: String = ".", dtype: DType = .float32, labelDType: DType = .int32,
                preload: Bool = false) throws(DatasetError) {
        files = try ImageDataset(paths: pairs.map(\.0), root: root, dtype: dtype, preload: preload)
        labels = pairs.map(\.1)
        self.labelDType = labelDType
    }

    /// Reads "path label" lines (separated by spaces or tabs) from `listFile` (Chainer's text-file form).
    public init(listFile: String, root: String = ".", dtype: DType = .float32, labelDType: DType = .int32,
                preload: Bool = false) throws(DatasetError) {
        var pairs: [(String, Int)] = []
        for (n, line) in try readLines(listFile).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2, let label = Int(parts[1]) else {
                throw .badFile("\(listFile) line \(n + 1): expected \"path label\", got \"\(line)\"")
            }
            pairs.append((String(parts[0]), label))
        }
        try self.init(pairs: pairs, root: root, dtype: dtype, labelDType: labelDType, preload: preload)
    }

    /// Chainer's positional form: `(path, label)` pairs.
    public init(_ pairs: [(String, Int)], root: String = ".", dtype: DType = .float32, labelDType: DType = .int32,
                preload: Bool = false) throws(DatasetError) {
        try self.init(pairs: pairs, root: root, dtype: dtype, labelDType: labelDType, preload: preload)
    }

    /// Chainer's positional form: the "path label" lines of `listFile`.
    public init(_ listFile: String, root: String = ".", dtype: DType = .float32, labelDType: DType = .int32,
                preload: Bool = false) throws(DatasetError) {
        try self.init(listFile: listFile, root: root, dtype: dtype, labelDType: labelDType, preload: preload)
    }

    /// Every image, in order (reads every file that was not preloaded).
    public var images: [NDArray] { files.images }

    /// The number of examples.
    public var count: Int { labels.count }
    /// `[image, label]`.
    public subscript(i: Int) -> [NDArray] {
        let i = resolvedIndex(i)
        return [files[i], NDArray(scalar: Double(labels[i]), dtype: labelDType)]
    }
}

/// Lines of text files, in step (Chainer's `TextDataset`): `TextDataset(path)` gives each line as a `String`,
/// `TextDataset(paths:)` each line number as the `[String]` of every file's line (also for a list of one, where
/// Chainer gives a string). Line ends (`\n`, `\r\n`, `\r`) are removed, where
/// Chainer keeps `\n`.
public struct TextDataset<Example>: Dataset {
    /// The lines of each file (without line ends).
    public let files: [[String]]
    /// The example made from one line of every file.
    private let example: ([String]) -> Example

    /// The number of lines.
    public var count: Int { files[0].count }
    /// The `i`-th line (of every file, for several).
    public subscript(i: Int) -> Example { let i = resolvedIndex(i); return example(files.map { $0[i] }) }

    /// Reads the files; they must have the same number of lines. With `filter` (Chainer's `filter_func`), only the
    /// line numbers whose lines it accepts are kept.
    fileprivate init(reading paths: [String], filter: (([String]) -> Bool)?, example: @escaping ([String]) -> Example)
        throws(DatasetError) {
        precondition(!paths.isEmpty, "TextDataset: needs at least one file")
        let all = try paths.map { (p) throws(DatasetError) -> [String] in
            var lines = try readLines(p)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        guard Set(all.map(\.count)).count == 1 else {
            throw .badFile("TextDataset: the files have different numbers of lines: \(all.map(\.count))")
        }
        self.example = example
        guard let filter else { files = all; return }
        let kept = (0..<all[0].count).filter { i in filter(all.map { $0[i] }) }
        files = all.map { lines in kept.map { lines[$0] } }
    }
}

extension TextDataset where Example == [String] {
    /// The files at `paths`, each example the line of every file; `filter` is given those lines.
    public init(paths: [String], filter: (([String]) -> Bool)? = nil) throws(DatasetError) {
        try self.init(reading: paths, filter: filter) { $0 }
    }

    /// Chainer's positional form: the files at `paths`.
    public init(_ paths: [String], filter: (([String]) -> Bool)? = nil) throws(DatasetError) {
        try self.init(paths: paths, filter: filter)
    }
}

extension TextDataset where Example == String {
    /// The lines of one file, each example a `String` (as Chainer's for one file); `filter` is given the line.
    public init(_ path: String, filter: ((String) -> Bool)? = nil) throws(DatasetError) {
        try self.init(reading: [path], filter: filter.map { f in { f($0[0]) } }) { $0[0] }
    }
}

private func readLines(_ path: String) throws(DatasetError) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
        let missing = !FileManager.default.fileExists(atPath: path)
        throw .badFile(missing ? "\(path): no such file" : "cannot read \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw .badFile("\(path) is not UTF-8 text") }
    // "\r\n" is one Character in Swift, so splitting on these three Characters handles every line end (Python's
    // universal newlines).
    return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        .map(String.init)
}

private func imageURL(_ path: String, root: String) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: root).appendingPathComponent(path)
}

private func readImage(_ path: String, root: String, dtype: DType) throws(DatasetError) -> NDArray {
    let url = imageURL(path, root: root)
    let image: NDArray
    do { image = try PNG.read(url) } catch { throw .badFile("\(url.path): \(error)") }
    return image.transposed([2, 0, 1]).astype(dtype)
}

/// An image read on access: a subscript cannot throw, so a file that went bad stops with its name and reason
/// (where Chainer raises).
private func readImageOrStop(_ path: String, root: String, dtype: DType) -> NDArray {
    do { return try readImage(path, root: root, dtype: dtype) } catch { preconditionFailure("ImageDataset: \(error)") }
}

/// Throws for the first of `paths` that is not a readable file.
private func checkExist(_ paths: [String], root: String) throws(DatasetError) {
    for p in paths {
        let url = imageURL(p, root: root)
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw .badFile("\(url.path): no such readable file") }
    }
}

extension ImageDataset: Sequence {}
extension LabeledImageDataset: Sequence {}
extension TextDataset: Sequence {}
