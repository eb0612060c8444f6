import ChainerArray
import Foundation

/// The `.npz` files Chainer's dataset loaders cache their parsed arrays in, beside the downloads: read when present
/// (whoever wrote them), written after parsing, so each side reuses the other's.
enum ArrayCache {
    /// The arrays of the cache file `url`, or nil when there is none.
    static func read(_ url: URL) throws(DatasetError) -> [String: NDArray]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try NPZ.read(url) } catch {
            throw .badFile("\(url.path): \(error) (delete it to rebuild it from the downloaded files)")
        }
    }

    /// Writes a compressed cache file atomically, as `numpy.savez_compressed` would. The cache only saves time, so a
    /// cache that cannot be written is skipped and the data in hand is used.
    static func write(_ arrays: [String: NDArray], to url: URL) {
        try? NPZ.write(arrays, to: url, compressed: true)
    }

    /// The uint8 images `(N, pixels)` stored as `images` and their N uint8 labels stored as `labels`, from the
    /// arrays of cache file `url`; anything else is refused, naming what the file holds.
    static func imagesAndLabels(_ arrays: [String: NDArray], _ url: URL, images x: String, labels y: String,
                                pixels: Int) throws(DatasetError) -> (NDArray, NDArray) {
        guard let images = arrays[x], let labels = arrays[y], images.dtype == .uint8, labels.dtype == .uint8,
              images.ndim == 2, images.shape[1] == pixels, labels.shape == [images.shape[0]] else {
            throw unexpected(url, arrays, expected: "uint8 \(x) (N, \(pixels)) and \(y) (N)")
        }
        return (images, labels)
    }

    /// The error for a cache file whose arrays are not what its loader expects, listing what it holds.
    private static func unexpected(_ url: URL, _ arrays: [String: NDArray], expected: String) -> DatasetError {
        .badFile("\(url.path): expected \(expected), found "
                 + arrays.keys.sorted().map { "\($0) \(arrays[$0]!.dtype) \(arrays[$0]!.shape)" }.joined(separator: ", ")
                 + " (delete it to rebuild it from the downloaded files)")
    }
}
