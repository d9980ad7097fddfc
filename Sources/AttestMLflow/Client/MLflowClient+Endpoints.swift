import Foundation

/// The REST calls Attest makes (MLflow REST API 2.0, https://mlflow.org/docs/latest/rest-api.html).
extension MLflowClient {
    static let api = "/api/2.0/mlflow"
    static let artifactsAPI = "/api/2.0/mlflow-artifacts/artifacts"
    static let pageSize = "1000"

    /// Every registered model's name, through `registered-models/search` page by page.
    func registeredModelNames() throws(MLflowError) -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            var query = ["max_results": Self.pageSize]
            if let token { query["page_token"] = token }
            let page = try call(MLflowWire.RegisteredModelPage.self, request(Self.api + "/registered-models/search", query: query))
            names += (page.registeredModels ?? []).map(\.name)
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return names
    }

    /// One registered model with its aliases (`registered-models/get`).
    func registeredModel(_ name: String) throws(MLflowError) -> MLflowWire.RegisteredModel {
        try call(MLflowWire.RegisteredModelAnswer.self, request(Self.api + "/registered-models/get", query: ["name": name]))
            .registeredModel
    }

    /// Every version of a model (`model-versions/search` with `name = '...'`), page by page.
    func modelVersions(_ name: String) throws(MLflowError) -> [MLflowWire.ModelVersion] {
        var versions: [MLflowWire.ModelVersion] = []
        var token: String?
        let filter = "name = '\(name.replacingOccurrences(of: "'", with: "\\'"))'"
        repeat {
            var query = ["filter": filter, "max_results": Self.pageSize]
            if let token { query["page_token"] = token }
            let page = try call(MLflowWire.ModelVersionPage.self, request(Self.api + "/model-versions/search", query: query))
            versions += page.modelVersions ?? []
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return versions.filter { $0.name == name }
    }

    /// A run with its params, metrics, tags and dataset inputs (`runs/get`).
    func run(_ runId: String) throws(MLflowError) -> MLflowWire.Run {
        try call(MLflowWire.RunAnswer.self, request(Self.api + "/runs/get", query: ["run_id": runId])).run
    }

    /// Where a version's artifacts are (`model-versions/get-download-uri`).
    func downloadURI(_ name: String, version: String) throws(MLflowError) -> String {
        try call(
            MLflowWire.DownloadURI.self, request(Self.api + "/model-versions/get-download-uri", query: ["name": name, "version": version])
        ).artifactUri
    }

    /// The entries of an artifact folder of the proxied store (`mlflow-artifacts`), `path`
    /// relative to the store's root.
    func listArtifacts(_ path: String) throws(MLflowError) -> [MLflowWire.FileInfo] {
        try call(MLflowWire.FileList.self, request(Self.artifactsAPI, query: ["path": path])).files ?? []
    }

    /// Streams one artifact file through SHA-256 without keeping it.
    /// - Returns: `sha256:<hex>` and the size.
    func digestArtifact(_ path: String) throws(MLflowError) -> (digest: String, size: Int64) {
        let encoded = path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
        let get = request(Self.artifactsAPI + "/" + encoded.joined(separator: "/"))
        let answer = transport.download(get)
        if let failure = answer.failure {
            throw MLflowError(.unavailable, "cannot reach MLflow at \(trackingUri) (\(describe(get))): \(failure)")
        }
        try check(answer.status, answer.body, get)
        return (answer.digest, answer.size)
    }

    /// Downloads a small artifact file (MLmodel, requirements.txt) whole.
    func artifactText(_ path: String, limit: Int = 1 << 20) throws(MLflowError) -> Data {
        let encoded = path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
        let (_, body) = try send(request(Self.artifactsAPI + "/" + encoded.joined(separator: "/")))
        guard body.count <= limit else {
            throw MLflowError(.badInput, "MLflow at \(trackingUri): artifact \(path) is \(body.count) bytes; at most \(limit) are read")
        }
        return body
    }

    /// Points `alias` at `version` (`registered-models/alias`, POST).
    func setAlias(_ name: String, alias: String, version: Int) throws(MLflowError) {
        _ = try send(
            request(Self.api + "/registered-models/alias", method: .post, body: ["name": name, "alias": alias, "version": String(version)]))
    }

    /// Deletes `alias` (`registered-models/alias`, DELETE).
    func deleteAlias(_ name: String, alias: String) throws(MLflowError) {
        // MLflow's server reads a DELETE's parameters from its JSON body.
        _ = try send(
            request(
                Self.api + "/registered-models/alias", query: ["name": name, "alias": alias], method: .delete,
                body: ["name": name, "alias": alias]))
    }

    /// Sets a tag on a version (`model-versions/set-tag`).
    func setVersionTag(_ name: String, version: Int, key: String, value: String) throws(MLflowError) {
        _ = try send(
            request(
                Self.api + "/model-versions/set-tag", method: .post,
                body: ["name": name, "version": String(version), "key": key, "value": value]))
    }
}
