"""The Dask engine: the same read -> code -> store pipeline, with the coding spread over a Dask
distributed cluster (``communique ingest --engine dask [--scheduler ADDRESS]``).

The client reads the inputs as the local engine does (reading is cheap next to parsing), skips
documents already stored unchanged, and cuts the stream into chunks of documents. Each chunk is a
task: a worker codes it with the pipeline it loaded once, when it joined (a worker plugin), and
sends back the records with their texts. The client writes the results into the store in input
order, one transaction per chunk, keeping only a bounded number of chunks in flight, so memory
stays flat however large the corpus. The records are those the local engine makes: same
pipeline, same documents.

On a real cluster every worker needs communique installed (same version) and no access to the
inputs: documents travel with the tasks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from communique.errors import CommuniqueError
from communique.ingest import IngestReport, unstored
from communique.pipeline import Coder, CodingStats
from communique.read import read_inputs
from communique.read.document import Document, ReadResult
from communique.store.db import Store

PLUGIN_NAME = "communique-coder"


class CoderPlugin(WorkerPlugin):
    """A Dask worker plugin that loads the coding pipeline once per worker."""

    name = PLUGIN_NAME

    def __init__(self, model: str | None = None, backstop: bool = True) -> None:
        self.model = model
        self.backstop = backstop
        self.coder: Coder | None = None

    def setup(self, worker: object) -> None:
        self.coder = Coder(self.model, backstop=self.backstop)

    def teardown(self, worker: object) -> None:
        self.coder = None


def code_chunk(items: list[ReadResult]) -> list[tuple[dict, str | None]]:
    """Runs on a worker: one record (with the document's text, for the store) per item, in order."""
    coder = get_worker().plugins[PLUGIN_NAME].coder
    texts = {item.id: item.text for item in items if isinstance(item, Document)}
    return [(record, texts.get(record["doc_id"])) for record in coder.code(items)]


SCHEDULER_TIMEOUT = 10  # seconds to reach a scheduler before saying so


def ingest_dask(inputs: Iterable[str], store: Store, *, scheduler: str | None = None, workers: int = 2,
                chunk_size: int = 32, model: str | None = None, backstop: bool = True,
                on_record: Callable[[dict], None] | None = None) -> IngestReport:
    """Code ``inputs`` into ``store`` on a Dask cluster: the one at ``scheduler`` (an address such
    as ``tcp://10.0.0.5:8786``), else a local cluster of ``workers`` single-threaded processes."""
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    try:
        client = Client(scheduler or cluster, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError) as error:  # distributed raises OSError ("Timed out trying to connect")
        if cluster is not None:
            cluster.close()
        raise CommuniqueError("E016", f"cannot reach the Dask scheduler at {scheduler or 'the local cluster'} "
                                      f"within {SCHEDULER_TIMEOUT} s: {str(error).splitlines()[0]}") from None
    try:
        client.register_plugin(CoderPlugin(model, backstop), name=PLUGIN_NAME)
        in_flight = 2 * max(1, len(client.scheduler_info()["workers"]))
        return _run(client, inputs, store, chunk_size, in_flight, on_record)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client: object, inputs: Iterable[str], store: Store, chunk_size: int, in_flight: int,
         on_record: Callable[[dict], None] | None) -> IngestReport:
    stats = CodingStats()
    unchanged = [0]
    stored = 0
    pending: deque = deque()

    def collect() -> int:
        results = pending.popleft().result()
        for record, text in results:
            stats.add(record, len(text.split()) if text else 0)
            if on_record:
                on_record(record)
        return store.write(results)

    for chunk in _chunks(unstored(read_inputs(inputs), store, unchanged), chunk_size):
        pending.append(client.submit(code_chunk, chunk, pure=False))
        if len(pending) >= in_flight:
            stored += collect()
    while pending:
        stored += collect()
    return IngestReport(stats=stats, unchanged=unchanged[0], stored=stored)


def _chunks(items: Iterable[ReadResult], size: int) -> Iterator[list[ReadResult]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
