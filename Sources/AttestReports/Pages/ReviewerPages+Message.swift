/// A page that only says something: an error, or how to sign in.
extension ReviewerPages {
    /// A complete document with a heading and a paragraph, both escaped, in the pages' frame.
    /// - Parameters:
    ///   - title: the heading (e.g. "Sign in first").
    ///   - message: the paragraph (e.g. what went wrong and what to do).
    public func message(title: String, _ message: String) -> String {
        page(title: title, body: PageHTML.el("h1", title) + PageHTML.el("p", message, class: "message"))
    }
}
