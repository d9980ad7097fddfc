/// The deployment gate and the reviewer pages are rendered by pure functions of AttestReports
/// (`Sources/AttestReports/Admission/`, `Sources/AttestReports/Pages/`, built by another
/// change). Their routes go here, registered from `ServerRoutes.add(to:)`:
///
/// - `GET /v1/admission?model=M&version=V&environment=E` (access `.anonymous` or `.read`, as
///   docs/admission.md decides): the signed admission answer, JSON.
/// - `GET /pages/...` (access `.read`): HTML, with the strict Content-Security-Policy header.
///
/// Add each with `book.add(_:_:access:_:)` so that `OpenAPIRouteTests` sees it, and describe it
/// in docs/openapi.yaml and docs/api.md.
enum AdmissionRoutes {
    static func add(to book: RouteBook) {}
}
