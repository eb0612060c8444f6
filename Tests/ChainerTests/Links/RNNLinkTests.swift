import Testing
@testable import Chainer

/// LSTM links against Chainer 7.8.1 (scripts/fixtures/chainer_links.py).
@Suite struct RNNLinkTests {
    @Test func lstmMatchesChainer() throws {
        let fx = try Fixture.load("links")
        let lstm = usingConfig(\.dtype, .float64) { L.LSTM(3, 2) }
        #expect(lstm.namedParams().map(\.0) == ["/upward/W", "/upward/b", "/lateral/W"])
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
