import Foundation

/// How requests to MLflow authenticate, the way MLflow's own clients do: a bearer token
/// (`MLFLOW_TRACKING_TOKEN`), or basic auth (`MLFLOW_TRACKING_USERNAME` and
/// `MLFLOW_TRACKING_PASSWORD`, or a user and password in the tracking URI).
public enum MLflowCredentials: Sendable, Equatable {
    /// No credentials.
    case none
    /// `Authorization: Bearer TOKEN`.
    case token(String)
    /// `Authorization: Basic base64(user:password)`.
    case basic(user: String, password: String)

    /// The credentials from the environment and the URI (the environment wins).
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - uri: the tracking URI as given.
    /// - Returns: the credentials.
    public static func from(environment: [String: String], uri: URL) -> MLflowCredentials {
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty { return .token(token) }
        if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
            return .basic(user: user, password: password)
        }
        let parts = URLComponents(url: uri, resolvingAgainstBaseURL: false)
        if let user = parts?.user { return .basic(user: user, password: parts?.password ?? "") }
        return .none
    }

    /// The `Authorization` header value, if any.
    var header: String? {
        switch self {
        case .none: nil
        case .token(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
        }
    }
}
