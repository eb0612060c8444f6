import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking HTTP(S) download of one URL into a file, through Foundation's URLSession.
enum HTTPFetch {
    /// Why a fetch failed: `unreachable` when no server answered (no network, refused, timed out), `failed` for
    /// everything else. The string is the reason in words.
    enum Failure: Error {
        case unreachable(String)
        case failed(String)
    }

    /// Downloads `url` and moves the body to `destination` (which must not exist; the caller picks a temporary
    /// name beside the final one so the last step is an atomic rename).
    static func download(_ url: URL, to destination: URL, timeout: TimeInterval = 60) throws(Failure) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = 24 * 3600
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        // The system deletes its temporary file when the handler returns, so the move happens inside it.
        let task = session.downloadTask(with: url) { location, response, error in
            defer { done.signal() }
            if let error {
                outcome.set(classify(error))
                return
            }
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                outcome.set(.failed("the server answered HTTP \(http.statusCode)"))
                return
            }
            guard let location else { outcome.set(.failed("no data was received")); return }
            do {
                try FileManager.default.moveItem(at: location, to: destination)
            } catch {
                outcome.set(.failed("cannot write \(destination.path): \(error.localizedDescription)"))
            }
        }
        task.resume()
        done.wait()
        if let failure = outcome.get() { throw failure }
    }

    private static func classify(_ error: Error) -> Failure {
        let reason = error.localizedDescription
        guard let urlError = error as? URLError else { return .failed(reason) }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .timedOut,
             .networkConnectionLost, .internationalRoamingOff, .dataNotAllowed:
            return .unreachable("\(reason) (URLError \(urlError.code.rawValue))")
        default:
            return .failed("\(reason) (URLError \(urlError.code.rawValue))")
        }
    }

    /// The handler's result, handed across threads under a lock.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var failure: Failure?
        func set(_ f: Failure) { lock.lock(); failure = f; lock.unlock() }
        func get() -> Failure? { lock.lock(); defer { lock.unlock() }; return failure }
    }
}
