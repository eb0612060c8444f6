/// Collects observed values during a step (Chainer's `chainer.Reporter`). Values reported with an observer are
/// named after it: a link registered as "main" reporting "loss" gives "main/loss".
public final class Reporter: @unchecked Sendable {
    /// What was reported in the current scope.
    public private(set) var observation: [String: Double] = [:]
    private var observerNames: [ObjectIdentifier: String] = [:]
    /// Whether reporting a variable also keeps the graph that computed it (Chainer's `keep_graph_on_report`), for
    /// DumpGraph; the graph is taken at report time because the optimizer releases it after backward.
    public var keepsGraphs = false
    /// The graphs behind the variables reported in the current scope while `keepsGraphs` was on, by key.
    public private(set) var graphs: [String: ComputationalGraph] = [:]

    /// Creates a reporter with no observers.
    public init() {}

    @TaskLocal static var current: Reporter?

    /// The reporter of the innermost `reporter.scope { }`, if any.
    public static var active: Reporter? { current }

    /// Names an observer; its reports get the prefix "name/".
    public func addObserver(_ name: String, _ observer: AnyObject) { observerNames[ObjectIdentifier(observer)] = name }

    /// Names several observers as "prefix" + their own names.
    public func addObservers(prefix: String, _ observers: [(String, AnyObject)]) {
        for (name, o) in observers { addObserver(prefix + name, o) }
    }

    /// Records values, prefixed with the observer's name when one is given.
    public func report(_ values: [String: Double], observer: AnyObject? = nil) {
        let prefix = self.prefix(observer)
        for (k, v) in values { observation[prefix + k] = v }
    }

    /// Records the variables' values and, while `keepsGraphs` is on, their graphs.
    public func report(_ values: [String: Variable], observer: AnyObject? = nil) {
        report(values.mapValues(\.reportedValue), observer: observer)
        guard keepsGraphs else { return }
        let prefix = self.prefix(observer)
        for (k, v) in values { graphs[prefix + k] = buildComputationalGraph([v]) }
    }

    /// Records values of mixed kinds (variables, arrays, numbers), as Chainer's `report` takes any of them.
    public func report(_ values: [String: any Reportable], observer: AnyObject? = nil) {
        var numbers: [String: Double] = [:], variables: [String: Variable] = [:]
        for (k, v) in values {
            if let variable = v as? Variable { variables[k] = variable } else { numbers[k] = v.reportedValue }
        }
        report(numbers, observer: observer)
        if !variables.isEmpty { report(variables, observer: observer) }
    }

    /// Drops the kept graphs, freeing the arrays they hold (what `unchainVariables` does each iteration).
    public func releaseGraphs() { graphs = [:] }

    private func prefix(_ observer: AnyObject?) -> String {
        guard let observer else { return "" }
        guard let name = observerNames[ObjectIdentifier(observer)] else {
            preconditionFailure("report: the observer \(type(of: observer)) is not registered with the reporter")
        }
        return name + "/"
    }

    /// Runs `body` with this reporter active and a fresh observation; returns what was reported.
    public func scope<R>(_ body: () throws -> R) rethrows -> (result: R, observation: [String: Double]) {
        let saved = (observation, graphs)
        observation = [:]
        graphs = [:]
        defer { (observation, graphs) = saved }
        let r = try Reporter.$current.withValue(self, operation: body)
        return (r, observation)
    }
}

/// Reports values to the active reporter (a no-op outside any reporter scope), as `chainer.report`.
public func report(_ values: [String: Double], observer: AnyObject? = nil) {
    Reporter.current?.report(values, observer: observer)
}

/// Reports variables' scalar values to the active reporter.
public func report(_ values: [String: Variable], observer: AnyObject? = nil) {
    Reporter.current?.report(values, observer: observer)
}

/// Reports values of mixed kinds (`["loss": loss, "lr": 0.1]`) to the active reporter.
public func report(_ values: [String: any Reportable], observer: AnyObject? = nil) {
    Reporter.current?.report(values, observer: observer)
}

/// Reports values for an observer given positionally, as Chainer's `chainer.report({'loss': loss}, gen)`.
public func report(_ values: [String: any Reportable], _ observer: AnyObject) {
    Reporter.current?.report(values, observer: observer)
}

/// The active reporter (Chainer's `get_current_reporter`), nil outside any reporter scope.
public func getCurrentReporter() -> Reporter? { Reporter.current }

/// A value `report` accepts: a number, or an array or variable whose mean is recorded.
public protocol Reportable {
    /// The number recorded.
    var reportedValue: Double { get }
}

extension Double: Reportable {
    /// Itself.
    public var reportedValue: Double { self }
}

extension Float: Reportable {
    /// Itself, widened.
    public var reportedValue: Double { Double(self) }
}

extension Int: Reportable {
    /// Itself, as a float.
    public var reportedValue: Double { Double(self) }
}

extension NDArray: Reportable {
    /// The element of a one-element array, else the mean.
    public var reportedValue: Double { size == 1 ? item() : mean().item() }
}

extension Variable: Reportable {
    /// The element of a one-element variable, else the mean.
    public var reportedValue: Double { array.reportedValue }
}

/// Runs `body` and returns what it reported, with a fresh observation (Chainer's `report_scope`).
public func reportScope<R>(_ body: () throws -> R) rethrows -> (result: R, observation: [String: Double]) {
    let reporter = Reporter.current ?? Reporter()
    return try reporter.scope(body)
}
