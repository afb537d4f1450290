"""Quarry from Python: rule-based NLP pipelines for news text.

    >>> import quarry
    >>> nlp = quarry.load()                      # the bundled Rules/news.quarry
    >>> doc = nlp("“We will not give up,” Antony Blinken said in Seoul.")
    >>> [(q.entity, q.cue.text, q.text) for q in doc.quotes]
    [('Antony Blinken', 'said', '“We will not give up,”')]

Everything runs in Quarry's Swift library (libQuarryC, through ctypes); offsets are Python
string indices (code points), so ``doc.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import ctypes
import json
from concurrent.futures import ThreadPoolExecutor
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence

__all__ = ["load", "load_shared", "load_string", "Pipeline", "Doc", "Token", "Tokens", "Sentence", "Span", "Quote", "Part",
           "QuarryError", "rules_path", "version"]

_HERE = Path(__file__).resolve().parent


class QuarryError(Exception):
    """A rule file that does not load (``diagnostics`` holds file:line:col lines with carets),
    or a request Quarry refused (``status`` as in ``quarry serve``: 400, 404, 413, 503)."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status
        self.diagnostics: List[str] = [line for line in message.splitlines() if ": error: " in line or ": warning: " in line]


def _library_path() -> Path:
    override = os.environ.get("QUARRY_LIBRARY")
    if override:
        return Path(override)
    bundled = _HERE / "lib" / "libQuarryC.so"
    if bundled.exists():
        return bundled
    # A checkout: python/src/quarry -> the repository's release build.
    return _HERE.parents[2] / ".build" / "release" / "libQuarryC.so"


def rules_path(name: str = "news.quarry") -> Path:
    """A rule file shipped with Quarry (bundled with the package, else the checkout's Rules/)."""
    for root in (_HERE / "Rules", _HERE.parents[2] / "Rules"):
        if (root / name).exists():
            return root / name
    raise FileNotFoundError(f"no shipped rule file {name!r}")


_lib: Optional[ctypes.CDLL] = None


def _library() -> ctypes.CDLL:
    global _lib
    if _lib is None:
        path = _library_path()
        if not path.exists():
            raise QuarryError(f"libQuarryC not found at {path}: install with `pip install ./python`, "
                              "or build it with `swift build -c release --product QuarryC`")
        lib = ctypes.CDLL(str(path))
        lib.quarry_load_file.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.quarry_load_file.restype = ctypes.c_void_p
        lib.quarry_load_string.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.quarry_load_string.restype = ctypes.c_void_p
        lib.quarry_pipelines.argtypes = [ctypes.c_void_p]
        lib.quarry_pipelines.restype = ctypes.c_void_p
        lib.quarry_annotate.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
        lib.quarry_annotate.restype = ctypes.c_int
        lib.quarry_annotate_batch.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int,
                                              ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
        lib.quarry_annotate_batch.restype = ctypes.c_int
        lib.quarry_free.argtypes = [ctypes.c_void_p]
        lib.quarry_free.restype = None
        lib.quarry_close.argtypes = [ctypes.c_void_p]
        lib.quarry_close.restype = None
        lib.quarry_version.argtypes = []
        lib.quarry_version.restype = ctypes.c_char_p
        _lib = lib
    return _lib


def version() -> str:
    """The version of the Quarry library in use."""
    return _library().quarry_version().decode()


def __getattr__(name: str):
    # `quarry.__version__` is the library's version, read when first asked for (PEP 562), so
    # that importing the package does not load the library.
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'quarry' has no attribute {name!r}")


def _take(pointer: ctypes.c_void_p, length: Optional[int] = None) -> bytes:
    """The bytes of a string Quarry returned, then frees it."""
    lib = _library()
    if not pointer.value:
        return b""
    data = ctypes.string_at(pointer.value, length) if length is not None else ctypes.string_at(pointer.value)
    lib.quarry_free(pointer)
    return data


# MARK: - Results


class Token(NamedTuple):
    """A token: offsets, its text and its kind ("word", "number", "punct", ...); with a tag
    stage in the pipeline, its universal part of speech, Penn tag and lemma (else None)."""
    start: int
    end: int
    text: str
    kind: str
    pos: Optional[str] = None
    tag: Optional[str] = None
    lemma: Optional[str] = None


class Tokens(Sequence[Token]):
    """A document's tokens, made when read: Quarry sends them as columns of offsets and kind
    numbers (a fifth of the bytes of one object per token), and a ``Token`` is built for the
    ones a program looks at."""

    __slots__ = ("_text", "_starts", "_ends", "_kinds", "_names", "_pos", "_tags", "_lemmas")

    def __init__(self, text: str, columns: Dict[str, Any]):
        self._text = text
        self._starts: List[int] = columns["start"]
        self._ends: List[int] = columns["end"]
        self._kinds: List[int] = columns["kind"]
        self._names: List[str] = columns["kinds"]
        self._pos: Optional[List[str]] = columns.get("pos")
        self._tags: Optional[List[str]] = columns.get("tag")
        self._lemmas: Optional[List[str]] = columns.get("lemma")

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        start, end = self._starts[index], self._ends[index]
        if self._pos is None:
            return Token(start, end, self._text[start:end], self._names[self._kinds[index]])
        return Token(start, end, self._text[start:end], self._names[self._kinds[index]],
                     self._pos[index], self._tags[index], self._lemmas[index])  # type: ignore[index]

    def __iter__(self) -> Iterator[Token]:
        for k in range(len(self._starts)):
            yield self[k]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __add__(self, other: Iterable[Any]) -> List[Any]:
        return list(self) + list(other)

    def __radd__(self, other: Iterable[Any]) -> List[Any]:
        return list(other) + list(self)

    def __repr__(self) -> str:
        return f"Tokens({len(self)} tokens)"

    def to_list(self) -> List[Dict[str, Any]]:
        """The tokens as ``quarry run -f json`` writes them."""
        rows = []
        for t in self:
            row = {"start": t.start, "end": t.end, "text": t.text, "kind": t.kind}
            if t.pos is not None:
                row.update(pos=t.pos, tag=t.tag, lemma=t.lemma)
            rows.append(row)
        return rows


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: Optional[List[int]] = None


@dataclass(frozen=True)
class Span:
    """A labelled span from a pattern rule (an entity, a date, an amount)."""
    label: str
    start: int
    end: int
    text: str
    rule: str
    attrs: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    """A quote: its content, kind (direct, indirect, mixed), cue, speaker mention and the
    entity the speaker resolves to."""
    kind: str
    start: int
    end: int
    text: str
    cue: Optional[Part]
    speaker: Optional[Part]
    entity: Optional[str]
    via: str
    parts: Optional[List[Part]] = None
    # For a quote that goes on from an earlier one (speech profile: “A,” she said. “B.”), the
    # index in ``doc.quotes`` of the run's first quote; None when it opens a run or stands alone.
    run: Optional[int] = None


class Doc:
    """One annotated document: ``tokens``, ``sentences``, ``spans`` (``ents``) and
    ``quotes``, offsets in Python string indices; ``to_dict()`` gives the JSON of
    ``quarry run -f json`` for it.

    Quarry hands over each document as JSON; it is parsed, and the objects built, the first
    time a layer is read, so a loop that keeps only some documents or some layers does not pay
    for the rest."""

    __slots__ = ("id", "_text", "_source", "_payload", "_raw", "_tokens", "_sentences", "_spans", "_quotes")

    def __init__(self, id: str, text: Optional[str], payload: "str | bytes | Dict[str, Any]", source: Optional[bytes] = None):
        self.id = id
        self._text = text
        self._source = source  # the JSON record the text comes from, when the text was not given
        self._payload = payload
        self._raw: Optional[Dict[str, Any]] = payload if isinstance(payload, dict) else None
        self._tokens: Optional[Sequence[Token]] = None
        self._sentences: Optional[List[Sentence]] = None
        self._spans: Optional[List[Span]] = None
        self._quotes: Optional[List[Quote]] = None

    def __repr__(self) -> str:
        return f"Doc(id={self.id!r}, {len(self.text)} characters)"

    @property
    def text(self) -> str:
        """The annotated text (offsets index into it)."""
        if self._text is None:
            self._text = json.loads(self._source or b"{}").get("text", "")
            self._source = None
        return self._text

    @property
    def raw(self) -> Dict[str, Any]:
        if self._raw is None:
            self._raw = json.loads(self._payload)
            self._payload = b""
        return self._raw

    @property
    def tokens(self) -> Sequence[Token]:
        if self._tokens is None:
            layer = self.raw.get("tokens", [])
            if isinstance(layer, dict):  # columns (what the package asks Quarry for)
                self._tokens = Tokens(self.text, layer)
            else:
                self._tokens = [Token(t["start"], t["end"], t["text"], t["kind"]) for t in layer]
        return self._tokens

    @property
    def sentences(self) -> List[Sentence]:
        if self._sentences is None:
            self._sentences = [Sentence(s["start"], s["end"], s["text"], s.get("tokens")) for s in self.raw.get("sentences", [])]
        return self._sentences

    @property
    def spans(self) -> List[Span]:
        if self._spans is None:
            self._spans = [Span(s["label"], s["start"], s["end"], s["text"], s["rule"], dict(s.get("attrs", {})))
                           for s in self.raw.get("spans", [])]
        return self._spans

    @property
    def ents(self) -> List[Span]:
        """The spans (spaCy's name for them)."""
        return self.spans

    @property
    def quotes(self) -> List[Quote]:
        if self._quotes is None:
            def part(value: Optional[Dict[str, Any]]) -> Optional[Part]:
                return Part(value["start"], value["end"], value["text"]) if value else None

            self._quotes = [Quote(q["kind"], q["start"], q["end"], q["text"], part(q.get("cue")), part(q.get("speaker")),
                                  q.get("entity"), q.get("via", ""), [part(p) for p in q["parts"]] if q.get("parts") else None, q.get("run"))
                            for q in self.raw.get("quotes", [])]
        return self._quotes

    @property
    def diagnostics(self) -> List[Dict[str, str]]:
        return list(self.raw.get("diagnostics", []))

    def to_dict(self) -> Dict[str, Any]:
        """The document as Quarry's JSON (what `quarry run -f json` writes for it)."""
        result = dict(self.raw)
        if isinstance(result.get("tokens"), dict):
            result["tokens"] = Tokens(self.text, result["tokens"]).to_list()
        return result


# MARK: - Pipelines


class Pipeline:
    """The pipelines of a rule file, loaded once; calling it annotates one text, ``pipe``
    many. Safe to share between threads. Use ``load`` or ``load_string`` to make one."""

    def __init__(self, handle: int, name: Optional[str], layers: Sequence[str]):
        self._handle = ctypes.c_void_p(handle)
        self.name = name
        self.layers = list(layers)

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value and _lib is not None:
            _lib.quarry_close(handle)
            self._handle = ctypes.c_void_p(None)

    @property
    def pipelines(self) -> List[Dict[str, Any]]:
        """The pipelines the rule file declares: name, file, stages, layers written."""
        pointer = ctypes.c_void_p(_library().quarry_pipelines(self._handle))
        return json.loads(_take(pointer))["pipelines"]

    def _options(self, extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        options: Dict[str, Any] = {"layers": self.layers, "tokens": "columns"}
        if self.name:
            options["pipeline"] = self.name
        if extra:
            options.update(extra)
        return options

    def __call__(self, text: str, id: Optional[str] = None) -> Doc:
        """Annotates ``text``; offsets are indices into it."""
        lib = _library()
        data = text.encode("utf-8", errors="surrogatepass")
        options = self._options({"id": id} if id is not None else None)
        result, length = ctypes.c_void_p(), ctypes.c_size_t()
        status = lib.quarry_annotate(self._handle, data, len(data), json.dumps(options).encode(), ctypes.byref(result), ctypes.byref(length))
        body = _take(result, length.value)
        if status != 0:
            raise QuarryError(json.loads(body).get("error", body.decode("utf-8", "replace")), status)
        data = json.loads(body)
        return Doc(data.get("id", ""), text, data)

    def pipe(self, texts: Iterable[Any], batch_size: int = 64, jobs: int = 0) -> Iterator[Doc]:
        """Annotates many texts, ``batch_size`` at a time on ``jobs`` threads (0: one per
        core), yielding documents in order; the next batch is annotated while the current one
        is read. An item may be a string or a dict with "text" (and "id", and other fields
        kept in ``Doc.raw``)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")

        def batches() -> Iterator[Any]:
            batch: List[Dict[str, Any]] = []
            for k, item in enumerate(texts):
                record = {"text": item, "id": str(k)} if isinstance(item, str) else dict(item)
                if "text" not in record:
                    raise ValueError(f"item {k} has no 'text'")
                record.setdefault("id", str(k))
                batch.append(record)
                if len(batch) == batch_size:
                    yield (batch, jobs)
                    batch = []
            if batch:
                yield (batch, jobs)

        return _ahead(batches(), self._batch)

    def pipe_jsonl(self, lines: Iterable["bytes | str"], batch_size: int = 256, jobs: int = 0) -> Iterator[Doc]:
        """Annotates JSON Lines records as they are — each line a JSON object with "text"
        (and "id"; without one, the record's number among the records, from 0, is its id;
        other fields are kept in ``Doc.raw``) — without
        parsing them in Python: Quarry reads them. This is the fast way from a JSON Lines
        file (or a Spark text column) to quotes. Blank lines are skipped; a line that is not
        a JSON object with a "text" string raises ``QuarryError`` naming its position. A
        document's ``text`` is decoded from its line only when read."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")

        def batches() -> Iterator[Any]:
            batch: List[bytes] = []
            numbers: List[int] = []  # line numbers, for errors
            count = 0  # records before this batch
            for k, line in enumerate(lines):
                data = line.encode("utf-8", errors="surrogatepass") if isinstance(line, str) else bytes(line)
                if not data.strip():
                    continue
                batch.append(data)
                numbers.append(k + 1)
                if len(batch) == batch_size:
                    yield (batch, numbers, count, jobs)
                    count += len(batch)
                    batch, numbers = [], []
            if batch:
                yield (batch, numbers, count, jobs)

        return _ahead(batches(), self._batch_lines)

    def _request(self, data: bytes, jobs: int) -> bytes:
        """Runs a documents request; returns the JSON Lines body, or raises with the status."""
        lib = _library()
        result, length = ctypes.c_void_p(), ctypes.c_size_t()
        status = lib.quarry_annotate_batch(self._handle, data, len(data), jobs, ctypes.byref(result), ctypes.byref(length))
        body = _take(result, length.value)
        if status != 0:
            raise QuarryError(json.loads(body).get("error", body.decode("utf-8", "replace")), status)
        return body

    def _batch(self, records: List[Dict[str, Any]], jobs: int) -> List[Doc]:
        request = self._options({"documents": records, "format": "jsonl"})
        data = json.dumps(request, ensure_ascii=False).encode("utf-8", errors="surrogatepass")
        lines = self._request(data, jobs).split(b"\n")
        return [Doc(str(record["id"]), record["text"], line) for record, line in zip(records, lines)]

    def _batch_lines(self, records: List[bytes], numbers: List[int], base: int, jobs: int) -> List[Doc]:
        options = json.dumps(self._options({"format": "jsonl", "index_base": base}), ensure_ascii=False).encode("utf-8")
        data = options[:-1] + b', "documents": [' + b",".join(records) + b"]}"
        try:
            body = self._request(data, jobs)
        except QuarryError as error:
            if error.status != 400:
                raise
            # Name the record that is at fault (the request as a whole does not say).
            for number, record in zip(numbers, records):
                try:
                    value = json.loads(record)
                except ValueError as bad:
                    raise QuarryError(f"line {number}: not JSON ({bad})", 400) from None
                if not isinstance(value, dict) or not isinstance(value.get("text"), str):
                    raise QuarryError(f"line {number}: a record must be a JSON object with a \"text\" string", 400) from None
            raise
        docs = []
        for record, line in zip(records, body.split(b"\n")):
            raw = json.loads(line)
            docs.append(Doc(str(raw.get("id", "")), None, raw, source=record))
        return docs


def _ahead(batches: Iterator[Any], run: Any) -> Iterator[Doc]:
    """The documents of ``run(*batch)`` for each batch in order, the next batch annotated on
    a helper thread while the caller reads the current one (ctypes lets go of the GIL during
    the call, so Quarry's work and the caller's Python overlap). At most two batches are in
    memory; an error surfaces where its batch would have been read."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="quarry-pipe") as pool:
        pending = None
        for batch in batches:
            future = pool.submit(run, *batch)
            if pending is not None:
                yield from pending.result()
            pending = future
        if pending is not None:
            yield from pending.result()


ALL_LAYERS = ("tokens", "sentences", "spans", "quotes")


def _open(handle: Optional[int], error: ctypes.c_void_p, pipeline: Optional[str], layers: Sequence[str]) -> Pipeline:
    if not handle:
        raise QuarryError(_take(error).decode("utf-8", "replace") or "the rules did not load")
    result = Pipeline(handle, pipeline, layers)
    names = [p["name"] for p in result.pipelines]
    if pipeline is not None and pipeline not in names:
        raise QuarryError(f"no pipeline named {pipeline!r}; the rules declare: {', '.join(names)}", 404)
    chosen = next((p for p in result.pipelines if p["name"] == pipeline), None) if pipeline else (result.pipelines or [None])[0]
    writes = chosen["writes"] if chosen else []
    result.layers = [layer for layer in layers if layer in writes]
    return result


def load(path: "os.PathLike[str] | str | None" = None, pipeline: Optional[str] = None,
         layers: Sequence[str] = ALL_LAYERS) -> Pipeline:
    """Loads a rule file (default: the shipped ``Rules/news.quarry``) and returns its first
    pipeline (or the one named). Raises ``QuarryError`` with file:line:col diagnostics when
    the rules do not load."""
    lib = _library()
    file = str(path) if path is not None else str(rules_path())
    error = ctypes.c_void_p()
    handle = lib.quarry_load_file(os.fsencode(file), ctypes.byref(error))
    return _open(handle, error, pipeline, layers)


def load_string(rules: str, name: str = "<rules>", pipeline: Optional[str] = None,
                layers: Sequence[str] = ALL_LAYERS) -> Pipeline:
    """Loads rules written in Quarry's rule language (``name`` is the file name that
    diagnostics show)."""
    lib = _library()
    error = ctypes.c_void_p()
    handle = lib.quarry_load_string(rules.encode("utf-8"), name.encode("utf-8"), ctypes.byref(error))
    return _open(handle, error, pipeline, layers)


_shared: Dict[Any, Pipeline] = {}


def load_shared(path: "os.PathLike[str] | str | None" = None, pipeline: Optional[str] = None,
                layers: Sequence[str] = ALL_LAYERS) -> Pipeline:
    """``load``, once per process for the same arguments: what a Spark task (or any worker
    that runs many small jobs) should call, so that the rules are compiled once per executor
    process, not once per task. The cache lives in this module, which workers import by
    reference, so it survives functions that are shipped to them by value."""
    key = (str(path) if path is not None else None, pipeline, tuple(layers))
    if key not in _shared:
        _shared[key] = load(path, pipeline=pipeline, layers=layers)
    return _shared[key]
