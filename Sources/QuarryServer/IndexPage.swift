/// The page `quarry serve` shows at `/`: paste text, choose a pipeline, see the HTML view.
///
/// A plain form that posts to `/v1/annotate` with `format=html` into a frame below it: no
/// script, no external resource, so it works offline, with JavaScript off, and under the
/// strict content security policy the server sends.
enum IndexPage {
    /// Sent with every HTML response: nothing may load from anywhere, inline styles (and the
    /// HTML view's own inline script, if any) may run, forms post only to this server.
    static let policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'self'; base-uri 'none'"

    static func html(pipelines: [String]) -> [UInt8] {
        let options = pipelines.enumerated().map { k, name in
            "<option value=\"\(escape(name))\"\(k == 0 ? " selected" : "")>\(escape(name))</option>"
        }.joined(separator: "")
        let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Quarry</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.4; }
        h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
        p.hint { color: #444; margin: 0 0 1rem; }
        textarea { width: 100%; box-sizing: border-box; min-height: 12rem; font: inherit; padding: .5rem; }
        .row { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin: .5rem 0 1rem; }
        select, button { font: inherit; padding: .3rem .6rem; }
        iframe { width: 100%; min-height: 40rem; border: 1px solid #ccc; box-sizing: border-box; }
        code { background: #f3f3f3; padding: 0 .2rem; }
        </style>
        </head>
        <body>
        <h1>Quarry</h1>
        <p class="hint">Paste a news article, choose a pipeline and annotate: entities are highlighted,
        quotes underlined in their speaker's colour. The same service answers
        <code>POST /v1/annotate</code> with JSON.</p>
        <form method="post" action="/v1/annotate" target="result" enctype="application/x-www-form-urlencoded">
        <label for="text">Text</label>
        <textarea id="text" name="text" required placeholder="SEOUL (Reuters) - “We will not give up,” the minister said on Friday."></textarea>
        <input type="hidden" name="format" value="html">
        <div class="row">
        <label for="pipeline">Pipeline</label>
        <select id="pipeline" name="pipeline">\(options)</select>
        <button type="submit">Annotate</button>
        </div>
        </form>
        <iframe name="result" title="Annotated text"></iframe>
        </body>
        </html>

        """
        return Array(page.utf8)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
