/// One file of a downloadable dataset: where it comes from and the SHA-256 it must have.
struct DatasetFile: Sendable, Equatable {
    /// The file's name in the cache directory (and the name to give it when placing it by hand).
    let name: String
    /// The official download address.
    let url: String
    /// The SHA-256 of the file as served, 64 lowercase hex digits.
    let sha256: String
    /// The SHA-256 of its gunzipped content, when known: a copy re-compressed elsewhere (another gzip header,
    /// same data) is accepted when its content matches.
    var contentSHA256: String? = nil
}

/// The files of one dataset, cached under `pfnet/chainer/<name>/` in the dataset root (Chainer's layout).
struct DatasetManifest: Sendable, Equatable {
    /// The dataset's directory name (`mnist`, `fashion-mnist`, `cifar`, `ptb`, …, as Chainer names them).
    let name: String
    /// A human-readable title for messages.
    let title: String
    /// The files, in the order loaders use them.
    let files: [DatasetFile]
    /// The `.npz` cache files Chainer's loader keeps in the same directory; when present they are read instead of
    /// the downloads (so a cache Chainer made serves offline), and the loader writes them after parsing.
    var caches: [String] = []

    /// The cache directory relative to the dataset root.
    var directory: String { "pfnet/chainer/\(name)" }
}
