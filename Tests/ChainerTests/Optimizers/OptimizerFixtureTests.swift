import Foundation
import Testing
@testable import Chainer

/// The cases of Fixtures/optimizers.json (trajectories recorded with Chainer 7.8.1).
private let trajectoryCases: [String] = ((try? Fixture.raw("optimizers")) ?? [:]).keys
    .filter { $0.hasSuffix("/float32") || $0.hasSuffix("/float64") || $0.hasSuffix("/float16-fp32update") }.sorted()

@Suite struct OptimizerFixtureTests {
    @Test func fixtureIsPresent() {
        #expect(trajectoryCases.count >= 25)
    }

    @Test(arguments: trajectoryCases)
    func trajectoryMatchesChainer(_ name: String) throws {
        let c = try #require(try Fixture.raw("optimizers")[name] as? [String: Any])
        let initial = try #require(c["init"] as? [String: Any])
        let link = TwoParamLink(W: Fixture.array(from: initial["W"]!)!, b: Fixture.array(from: initial["b"]!)!)
        let optimizer = makeOptimizer(c["optimizer"] as! String, c["hyperparam"] as! [String: Any])
        if c["fp32_update"] as? Bool == true { optimizer.useFP32Update() }
        optimizer.setup(link)
        for h in c["hooks"] as! [[String: Any]] {
            optimizer.addHook(makeHook(h["name"] as! String, (h["args"] as! [NSNumber]).map(\.doubleValue)))
        }
        // float16 parameters are the float32 master copy rounded: compare to within one float16 ulp.
        let (rtol, atol) = switch c["dtype"] as? String {
        case "float64": (1e-12, 1e-13)
        case "float16": (1e-3, 1e-4)
        default: (2e-6, 1e-6)
        }
        let grads = c["grads"] as! [[String: Any]]
        let trajectory = c["trajectory"] as! [[String: Any]]
        for (step, g) in grads.enumerated() {
            link.W.grad = Fixture.array(from: g["W"]!)
            link.b.grad = Fixture.array(from: g["b"] as Any)
            optimizer.update()
            expectArray(link.W.array, Fixture.array(from: trajectory[step]["W"]!)!, rtol: rtol, atol: atol, "\(name) W step \(step + 1)")
            expectArray(link.b.array, Fixture.array(from: trajectory[step]["b"]!)!, rtol: rtol, atol: atol, "\(name) b step \(step + 1)")
        }
        #expect(optimizer.t == c["t"] as? Int)
        let states = c["state"] as! [String: [String: Any]]
        for (param, expected) in states {
            let rule = try #require(optimizer.updateRule(for: "/" + param))
            #expect(Set(rule.state.keys) == Set(expected.keys), "\(name) state names of \(param)")
            for (key, value) in expected {
                let actual = try #require(rule.state[key], "\(name) state \(param)/\(key)")
                expectArray(actual, Fixture.array(from: value)!, rtol: rtol, atol: atol, "\(name) state \(param)/\(key)")
            }
            #expect(rule.t == grads.count)
        }
    }

    @Test func adamStepSizeMatchesChainer() throws {
        let c = try #require(try Fixture.raw("optimizers")["Adam/alpha_t"] as? [String: Any])
        let adam = Adam(alpha: (c["alpha"] as! NSNumber).doubleValue)
        adam.t = c["t"] as! Int
        #expect(abs(adam.alphaT - (c["alpha_t"] as! NSNumber).doubleValue) < 1e-15)
        #expect(adam.lr == adam.alphaT)
    }
}
