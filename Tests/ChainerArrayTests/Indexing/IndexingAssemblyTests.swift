import Testing
@testable import ChainerArray

@Suite struct IndexingAssemblyTests {
    @Test func concatenatePromotes() {
        let (a, b) = (ix("ca"), ix("cb"))
        #expect(a.dtype == .float32 && b.dtype == .int32)
        expectArray(NDArray.concatenate([a, b, NDArray.zeros([2, 0])], axis: 1), ix("concat1"))
        expectArray(NDArray.concatenate([a.T, a.T[stride(from: 0, to: 3, by: 2)]]), ix("concat0_t"))
        expectArray(NDArray.concatenate([NDArray([1, 2] as [UInt8]), NDArray([3] as [Int8])]), ix("concat_u8_i8"))
        let bf = NDArray.concatenate([a.astype(.bfloat16), a.astype(.float16)], axis: -1)
        #expect(bf.dtype == .float32 && bf.shape == [2, 6])
        expectArray(bf, NDArray.concatenate([a, a], axis: 1))
    }

    @Test func concatenateEveryDType() {
        expectEveryDType(ix("x"), ix("roll1"), "roll through concatenate") { $0.roll(-1, axis: 1) }
        let empty = NDArray.concatenate([NDArray.zeros([0, 3], dtype: .int8), NDArray.zeros([0, 3], dtype: .int8)])
        #expect(empty.shape == [0, 3] && empty.dtype == .int8)
    }

    @Test func stackFamily() {
        let a = ix("ca")
        expectArray(NDArray.stack([a, a * 2], axis: 1), ix("stack1"))
        expectArray(NDArray.stack([a, a + 1, a + 2], axis: -1), ix("stack_last"))
        expectArray(NDArray.hstack([a[0], a[1]]), ix("hstack1d"))
        expectArray(NDArray.hstack([a, a[NDIndex.all, ..<1]]), ix("hstack2d"))
        expectArray(NDArray.vstack([a[0], a[1]]), ix("vstack1d"))
        let scalars = NDArray.stack([NDArray(scalar: 1), NDArray(scalar: 2)])
        expectArray(scalars, NDArray([1.0, 2.0]))
    }

    @Test func splitViews() {
        let a = NDArray.arange(10, dtype: .int64)
        let parts = a.split(indices: [3, 7])
        #expect(parts.map(\.shape) == [[3], [4], [3]])
        expectArray(parts[1], NDArray([3, 4, 5, 6]))
        #expect(parts[1].storage === a.storage, "split returns views")
        #expect(a.split(indices: [3, 1]).map(\.shape) == [[3], [0], [9]])
        #expect(a.split(indices: [-2]).map(\.shape) == [[8], [2]])
        #expect(a.arraySplit(3).map(\.shape) == [[4], [3], [3]])
        let m = ix("x").transposed([1, 0, 2])
        let halves = m.split(2, axis: 0)
        expectArray(NDArray.concatenate(halves, axis: 0), m.copy())
        expectArray(halves[1], m[2...].copy())
        #expect(NDArray.zeros([0, 4]).split(2, axis: 1).map(\.shape) == [[0, 2], [0, 2]])
    }

    @Test func padModes() {
        let p = ix("p")
        expectEveryDType(p, ix("pad_const"), "constant") { $0.pad([(1, 2), (3, 0)], mode: .constant(5)) }
        expectEveryDType(p, ix("pad_edge"), "edge") { $0.pad([(1, 2), (3, 0)], mode: .edge) }
        expectEveryDType(p, ix("pad_reflect"), "reflect") { $0.pad([(1, 2), (3, 0)], mode: .reflect) }
        expectEveryDType(p, ix("pad_reflect_big"), "reflect wider than the axis") { $0.pad([(5, 4), (7, 2)], mode: .reflect) }
        expectEveryDType(p, ix("pad_edge_t"), "edge on a strided view") { $0.T[stride(from: 0, to: 4, by: 2)].pad(2, mode: .edge) }
        expectEveryDType(ix("x"), ix("pad_all1"), "3-D constant") { $0.pad(1) }
        expectArray(NDArray(scalar: 3).pad([]), NDArray(scalar: 3))
        expectArray(NDArray.zeros([0, 2]).pad([(1, 0), (0, 0)], mode: .constant(7)), NDArray.full([1, 2], 7))
    }

    @Test func tileRepeat() {
        let r = ix("r")
        expectEveryDType(r, ix("tile_213"), "tile 3-D reps") { $0.tile([2, 1, 3]) }
        expectEveryDType(r, ix("tile_2"), "tile short reps") { $0.tile([2]) }
        expectEveryDType(r, ix("tile_t"), "tile transposed") { $0.T.tile([2, 2]) }
        expectEveryDType(r, ix("repeat_flat"), "repeat flattened") { $0.repeat(2, axis: nil) }
        expectEveryDType(r, ix("repeat_ax1"), "repeat axis 1") { $0.repeat(3, axis: 1) }
        expectEveryDType(r, ix("repeat_list"), "repeat counts") { $0.repeat([1, 0, 2], axis: 1) }
        expectEveryDType(r, ix("repeat_t"), "repeat counts on a view") { $0.T.repeat([2, 1], axis: 1) }
        #expect(r.tile([0, 2]).shape == [0, 6])
        #expect(NDArray.zeros([0]).repeat(3, axis: 0).shape == [0])
    }

    @Test func flipRoll() {
        let x = ix("x")
        expectEveryDType(x, ix("flip0"), "flip 0") { $0.flip(axis: 0) }
        expectEveryDType(x, ix("flip_all"), "flip all") { $0.flip(axis: nil) }
        expectEveryDType(x, ix("flip02"), "flip 0 and 2") { $0.flip(axes: [0, -1]) }
        let f = x.flip(axis: 2)
        #expect(f.storage === x.storage && f.strides[2] == -1, "flip is a view with a negative stride")
        expectArray(f.flip(axis: 2).copy(), x)
        expectEveryDType(x, ix("roll_flat"), "roll flattened") { $0.roll(2, axis: nil) }
        expectEveryDType(x, ix("roll0"), "roll wraps shifts past the length") { $0.roll(7, axis: 0) }
        expectArray(x.flip(axis: 1).roll(0, axis: 1), ix("x").flip(axis: 1).copy())
    }

    @Test func concatenateMismatchStops() async {
        await #expect(processExitsWith: .failure) {
            _ = NDArray.concatenate([NDArray.zeros([2, 3]), NDArray.zeros([3, 3])], axis: 1)
        }
    }
}
