import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking HTTP(S) download of one URL into a file, streamed through a URLSession data task.
///
/// A data task rather than a download task: on Linux, Foundation's download task leaves its own temporary file in
/// the system temporary directory whenever the request fails (HTTP error, no server), which a download that runs
/// offline would repeat on every attempt.
enum HTTPFetch {
    /// Why a fetch failed: `unreachable` when no server answered (no network, refused, timed out), `failed` for
    /// everything else. The string is the reason in words.
    enum Failure: Error {
        case unreachable(String)
        case failed(String)
    }

    /// Downloads `url` into `destination` (which must not exist; the caller picks a temporary name beside the final
    /// one so the last step is an atomic rename, and removes it when this throws).
    static func download(_ url: URL, to destination: URL, timeout: TimeInterval = 60) throws(Failure) {
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
              let file = FileHandle(forWritingAtPath: destination.path) else {
            throw .failed("cannot create \(destination.path)")
        }
        defer { try? file.close() }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = 24 * 3600
        let receiver = Receiver(file: file, path: destination.path)
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: url).resume()
        receiver.done.wait()
        if let failure = receiver.failure { throw failure }
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

    /// Writes the body as it arrives and records the first failure. The session calls it on one serial queue; the
    /// result is read only after `done` is signalled.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let file: FileHandle, path: String
        let done = DispatchSemaphore(value: 0)
        private(set) var failure: Failure?

        init(file: FileHandle, path: String) { self.file = file; self.path = path }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                failure = .failed("the server answered HTTP \(http.statusCode)")
                return completionHandler(.cancel)
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            guard failure == nil else { return }
            do { try file.write(contentsOf: data) } catch {
                failure = .failed("cannot write \(path): \(error.localizedDescription)")
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            if failure == nil, let error { failure = HTTPFetch.classify(error) }
            done.signal()
        }
    }
}
