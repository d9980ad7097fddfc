import AttestTestProcesses
import Foundation

/// One long-lived `populate.py --serve` process that the MLflow tests send their requests to, so
/// MLflow and scikit-learn are imported once per test run rather than once per request.
final class PopulateClient: Sendable {
    private let service: JSONLineProcess

    init(trackingURI: String, folder: URL) {
        service = JSONLineProcess(
            executable: URL(fileURLWithPath: MLflowTools.python),
            arguments: [MLflowTools.script("populate.py"), "--tracking-uri", trackingURI, "--serve"], folder: folder,
            errorLog: folder.appendingPathComponent("populate.err"))
    }

    /// Sends one request (populate.py's arguments without --tracking-uri) and returns what it
    /// printed; throws with the Python traceback when the request failed.
    func request(_ arguments: [String]) throws -> String {
        try MLflowTools.ensureVenv()
        let reply = try service.request(arguments)
        let out = reply["out"] as? String ?? ""
        guard reply["ok"] as? Bool == true else {
            let error = reply["error"] as? String ?? "no traceback"
            throw MLflowTools.Failure(description: "populate.py \(arguments.joined(separator: " ")) failed: \(error)\(out)")
        }
        return out
    }
}
