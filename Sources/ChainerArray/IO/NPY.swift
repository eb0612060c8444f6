import Foundation

extension NDArray {
    /// Reads a NumPy `.npy` file (versions 1.0, 2.0 and 3.0; either byte order; C or Fortran order).
    ///
    /// int16 and uint16 read as int32, uint32 and uint64 as int64 (a uint64 above Int64.max throws).
    public init(npy url: URL) throws(ArrayIOError) {
        try self.init(npyData: try FileAccess.read(url))
    }

    /// Decodes the bytes of a `.npy` file.
    public init(npyData data: Data) throws(ArrayIOError) {
        let result: Result<NDArray, ArrayIOError> = data.withUnsafeBytes { raw in
            do throws(ArrayIOError) { return .success(try NDArray.decodeNPY(raw)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// Writes this array as a `.npy` file the way `numpy.save` does (version 1.0, little-endian, C order),
    /// replacing `url` atomically. bfloat16 has no NumPy dtype and throws: convert it with `astype` first.
    public func write(npy url: URL) throws(ArrayIOError) {
        try FileAccess.writeAtomically(try npyData(), to: url)
    }

    /// The bytes of this array as a `.npy` file.
    public func npyData() throws(ArrayIOError) -> Data {
        var out = try NPYHeader.encode(dtype: dtype, shape: shape)
        out.append(ElementCodec.encode(self, bigEndian: false))
        return out
    }

    /// Parses header and data, checking the declared size against the bytes present before allocating.
    static func decodeNPY(_ raw: UnsafeRawBufferPointer) throws(ArrayIOError) -> NDArray {
        let (header, offset) = try NPYHeader.parse(raw)
        guard let need = ElementCodec.byteCount(shape: header.shape, itemSize: header.format.size) else {
            throw .tooLarge("shape \(header.shape) overflows")
        }
        let available = raw.count - offset
        if need > available { throw .truncated(expected: need, got: available) }
        if need < available { throw .sizeMismatch(expected: need, got: available) }
        let body = UnsafeRawBufferPointer(rebasing: raw[offset...])
        if header.format.kind == .unicode { return try NPYText.decode(body, header: header) }
        if header.fortranOrder && header.shape.count > 1 {
            // Fortran order is C order of the reversed shape; transposing that view gives the array.
            let reversed = try ElementCodec.decode(body, shape: header.shape.reversed(), format: header.format)
            return reversed.transposed().copy()
        }
        return try ElementCodec.decode(body, shape: header.shape, format: header.format)
    }
}
