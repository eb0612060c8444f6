import Testing
@testable import Chainer

/// LSTM links against Chainer 7.8.1 (scripts/fixtures/chainer_links.py).
@Suite struct RNNLinkTests {
    @Test func lstmBatchesMayShrinkAsChainersDo() {
        let lstm = withSeed(3) { usingConfig(\.dtype, .float64) { L.LSTM(3, 2) } }
        let single = usingConfig(\.dtype, .float64) { L.LSTM(3, 2) }
        single.copyParams(from: lstm)
        let x1 = withSeed(4) { NDArray.normal([2, 3], dtype: .float64) }, x2 = withSeed(5) { NDArray.normal([1, 3], dtype: .float64) }
        _ = lstm(Variable(x1))
        let (h1, c1) = (lstm.h!.array, lstm.c!.array)
        let y = lstm(Variable(x2))
        // Row 0 continues as a batch of one would; row 1 of the state is kept as it was.
        _ = single(Variable(x1[0..<1]))
        #expect(y.shape == [1, 2] && y.array == single(Variable(x2)).array)
        #expect(lstm.h!.shape == [2, 2] && lstm.h!.array[1] == h1[1] && lstm.c!.array[1] == c1[1])
        #expect(lstm.c!.array[0..<1] == single.c!.array)
    }

    @Test func lstmMatchesChainer() throws {
        let fx = try Fixture.load("links")
        let lstm = usingConfig(\.dtype, .float64) { L.LSTM(3, 2) }
        #expect(lstm.namedParams().map(\.0) == ["/lateral/W", "/upward/W", "/upward/b"])
        expectArray(lstm.upward.b!.array, fx["lstm_b_default"]!, rtol: 0, atol: 0, "forget-gate bias starts at 1")
        lstm.upward.W.array = fx["lstm_upW"]!
        lstm.upward.b!.array = fx["lstm_upb"]!
        lstm.lateral.W.array = fx["lstm_latW"]!
        expectArray(lstm(Variable(fx["lstm_x1"]!)).array, fx["lstm_h1"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(lstm(Variable(fx["lstm_x2"]!)).array, fx["lstm_h2"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(lstm.c!.array, fx["lstm_c2"]!, rtol: 1e-12, atol: 1e-12)

        let stateless = usingConfig(\.dtype, .float64) { L.StatelessLSTM(3, 2) }
        stateless.copyParams(from: lstm)
        let s1 = stateless(nil, nil, Variable(fx["lstm_x1"]!))
        let s2 = stateless(s1.c, s1.h, Variable(fx["lstm_x2"]!))
        expectArray(s2.h.array, fx["lstm_h2"]!, rtol: 1e-12, atol: 1e-12)

        lstm.resetState()
        #expect(lstm.h == nil && lstm.c == nil)
        let x1 = fx["lstm_x1"]!
        checkLinkBackward(lstm, x1) { x in
            lstm.resetState()
            let h = lstm(x)
            return lstm(x * 0.5) + h   // two steps through the recurrence
        }
    }
}

@Suite struct GRULinkTests {
    @Test func gruMatchesChainer() throws {
        let fx = try Fixture.load("links")
        let gru = usingConfig(\.dtype, .float64) { L.GRU(3, 2) }
        #expect(gru.namedParams().map(\.0).prefix(4) == ["/U/W", "/U/b", "/U_r/W", "/U_r/b"])
        for (name, l) in [("W_r", gru.W_r), ("U_r", gru.U_r), ("W_z", gru.W_z), ("U_z", gru.U_z), ("W", gru.W), ("U", gru.U)] {
            l.W.array = fx["gru_\(name)_W"]!
            l.b!.array = fx["gru_\(name)_b"]!
        }
        expectArray(gru(Variable(fx["lstm_x1"]!)).array, fx["gru_h1"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(gru(Variable(fx["lstm_x2"]!)).array, fx["gru_h2"]!, rtol: 1e-12, atol: 1e-12)
        let stateless = usingConfig(\.dtype, .float64) { L.StatelessGRU(3, 2) }
        stateless.copyParams(from: gru)
        let h2 = stateless(Variable(fx["gru_h1"]!), Variable(fx["lstm_x2"]!))
        expectArray(h2.array, fx["gru_h2"]!, rtol: 1e-12, atol: 1e-12)
        let h0 = fx["gru_h1"]!
        checkLinkBackward(stateless, fx["lstm_x2"]!) { stateless(Variable(h0), $0) }
    }
}
