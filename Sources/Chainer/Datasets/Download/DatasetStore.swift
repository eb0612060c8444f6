import Foundation

/// Where downloadable datasets are cached and fetched from: a cached file whose SHA-256 matches is used without
/// network; a missing one is downloaded to a temporary file in its cache directory, verified, then renamed into
/// place, so the cache never holds a partial or unverified file.
struct DatasetStore: Sendable {
    /// The dataset root (`Datasets.datasetRoot` unless a caller, such as a test, supplies another).
    var root: URL
    /// A mirror laid out like the dataset root (`<mirror>/pfnet/chainer/<name>/<file>`), or nil for the official
    /// URLs.
    var mirror: String?
    /// Sums that replace the manifest's, by file name (tests verify files they made themselves).
    var sha256Overrides: [String: String] = [:]

    /// The root and mirror from the environment (`CHAINER_DATASET_ROOT`, `CHAINER_DATASET_URL`).
    static var standard: DatasetStore { DatasetStore(root: Datasets.datasetRoot, mirror: Datasets.datasetURL) }

    /// The cache directory of `manifest`.
    func directory(of manifest: DatasetManifest) -> URL { root.appendingPathComponent(manifest.directory) }

    /// The address `file` is downloaded from.
    func url(of file: DatasetFile, in manifest: DatasetManifest) -> String {
        guard let mirror, !mirror.isEmpty else { return file.url }
        let base = mirror.hasSuffix("/") ? String(mirror.dropLast()) : mirror
        return "\(base)/\(manifest.directory)/\(file.name)"
    }

    /// The local paths of every file of `manifest`, downloading and verifying the ones not cached yet.
    func fetch(_ manifest: DatasetManifest) throws(DatasetError) -> [URL] {
        try manifest.files.map { (file) throws(DatasetError) -> URL in try fetch(file, of: manifest) }
    }

    private func fetch(_ file: DatasetFile, of manifest: DatasetManifest) throws(DatasetError) -> URL {
        let dir = directory(of: manifest)
        let path = dir.appendingPathComponent(file.name)
        let address = url(of: file, in: manifest)
        let expected = sha256Overrides[file.name] ?? file.sha256
        if FileManager.default.fileExists(atPath: path.path) {
            if let actual = try mismatch(path, file: file, expected: expected) {
                throw .checksumMismatch("\(path.path) has SHA-256 \(actual), expected \(expected) (the file served at "
                                        + "\(address)); delete it to download it again. " + placement(manifest))
            }
            return path
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw .downloadFailed("cannot create \(dir.path) for \(file.name): \(error.localizedDescription). " + placement(manifest))
        }
        guard let remote = URL(string: address), remote.scheme != nil else {
            throw .downloadFailed("\(address) (for \(file.name)) is not a valid URL. " + placement(manifest))
        }
        let temporary = dir.appendingPathComponent(".\(file.name).\(UUID().uuidString).download")
        defer { try? FileManager.default.removeItem(at: temporary) }
        FileHandle.standardError.write(Data("Downloading \(address) to \(path.path)...\n".utf8))
        do {
            try HTTPFetch.download(remote, to: temporary)
        } catch {
            switch error {
            case .unreachable(let reason):
                throw .notAvailableOffline("cannot download \(file.name) from \(address): \(reason). " + placement(manifest))
            case .failed(let reason):
                throw .downloadFailed("cannot download \(file.name) from \(address): \(reason). " + placement(manifest))
            }
        }
        if let actual = try mismatch(temporary, file: file, expected: expected) {
            throw .checksumMismatch("the download of \(file.name) from \(address) has SHA-256 \(actual), expected "
                                    + "\(expected); it was not kept. " + placement(manifest))
        }
        guard rename(temporary.path, path.path) == 0 else {
            throw .downloadFailed("cannot rename the download of \(file.name) to \(path.path): "
                                  + "\(String(cString: strerror(errno))). " + placement(manifest))
        }
        return path
    }

    /// The file's actual sum when it matches neither the expected sum nor (for a re-compressed copy) the known sum
    /// of its gunzipped content; nil when it is good.
    private func mismatch(_ url: URL, file: DatasetFile, expected: String) throws(DatasetError) -> String? {
        let actual: String
        do { actual = try SHA256.hex(fileAt: url) } catch { throw .badFile("cannot read \(url.path): \(error.localizedDescription)") }
        if actual == expected.lowercased() { return nil }
        if sha256Overrides[file.name] == nil, let content = file.contentSHA256,
           let data = try? Data(contentsOf: url, options: .mappedIfSafe), Gzip.isCompressed(data),
           let plain = try? Gzip.decompress(data), SHA256.hex(plain) == content {
            return nil
        }
        return actual
    }

    /// How to place the files by hand: their names, where each comes from, and the directory.
    func placement(_ manifest: DatasetManifest) -> String {
        let list = manifest.files.map { "\($0.name) (from \(url(of: $0, in: manifest)))" }.joined(separator: ", ")
        let one = manifest.files.count == 1
        let caches = manifest.caches.isEmpty ? "" : " A cache Chainer made there ("
            + manifest.caches.joined(separator: " and ") + ") is used as well."
        return "To install \(manifest.title) by hand, download \(list) and place \(one ? "it" : "them"), with exactly "
            + "\(one ? "this name" : "these names"), in \(directory(of: manifest).path)/ (or set CHAINER_DATASET_ROOT "
            + "to a directory holding \(manifest.directory)/). Files there whose SHA-256 matches are used without "
            + "network." + caches
    }
}
