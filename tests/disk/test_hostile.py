"""Store folders that are broken, foreign or in use: a precise message, exit 1, nothing of anyone else's touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mcugraph.disk import LOCK, MANIFEST, NotAStore, StoreBusy, open_store
from mcugraph.errors import StoreError

from .conftest import ROOT, run

CAST = ("query", "cast-of-work", "-p", "work=watch-s1", "-f", "csv")


def cast(data: Path, folder: Path) -> tuple[int, str, str]:
    return run(*CAST, "--data", str(data), "--store", str(folder))


def test_a_file_is_not_a_store_folder(harbor: Path, tmp_path: Path) -> None:
    target = tmp_path / "store"
    target.write_text("mine")
    code, out, err = cast(harbor, target)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {target} is a file, not a folder: give the path of a folder for the store (made if missing)\n"
    )
    assert target.read_text() == "mine"


def test_a_folder_of_other_files_is_refused_and_left_alone(harbor: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    (target / "gen-1").mkdir()  # even a name a store would use
    code, out, err = cast(harbor, target)
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {target} is not a mcugraph store (it holds gen-1, notes.txt and no {MANIFEST}); "
        "give a new or empty folder for the store: nothing in this one was changed\n"
    )
    assert sorted(p.name for p in target.iterdir()) == ["gen-1", "notes.txt"]


def test_an_empty_folder_becomes_a_store(harbor: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    code, out, err = cast(harbor, target)
    assert code == 0, err
    assert "mara-vell" not in err and out.startswith("work,actor,character,billing,listedIn")


def test_a_store_folder_that_cannot_be_made(harbor: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    code, out, err = cast(harbor, blocker / "store")
    assert (code, out) == (1, "")
    assert err == f"Error: cannot make the store folder {blocker / 'store'}: Not a directory\n"
    assert blocker.read_text() == "x"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_parent_folder_that_cannot_be_written(harbor: Path, tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code, _, err = cast(harbor, parent / "store")
    finally:
        parent.chmod(0o755)
    assert code == 1 and err == f"Error: cannot make the store folder {parent / 'store'}: Permission denied\n"


def test_a_corrupt_manifest_is_built_again(built: tuple[Path, Path]) -> None:
    data, folder = built
    (folder / MANIFEST).write_text('{"format": 1, "generation": "gen-1"')
    code, out, err = cast(data, folder)
    assert code == 0 and out.startswith("work,")
    assert err.splitlines()[0] == (
        f"building the on-disk store in {folder} (its manifest {MANIFEST} is unreadable (not JSON: Expecting ',' "
        "delimiter: line 1 column 36 (char 35))); this reads the whole universe"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["gen-1", MANIFEST, LOCK]
    assert json.loads((folder / MANIFEST).read_text())["generation"] == "gen-1"


def test_a_hostile_manifest_names_no_path_outside_the_folder(built: tuple[Path, Path], tmp_path: Path) -> None:
    data, folder = built
    victim = tmp_path / "victim"
    (victim / "oxigraph").mkdir(parents=True)
    (victim / "keep.txt").write_text("keep")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["generation"] = "../victim"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    code, _, err = cast(data, folder)
    assert code == 0 and "(its manifest mcugraph-store.json is unreadable (no generation))" in err
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt", "oxigraph"]
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["data_files"][0]["name"] = "../../victim/keep.txt"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    assert "(a data file recorded wrongly)" in cast(data, folder)[2]


def test_a_missing_generation_is_built_again(built: tuple[Path, Path]) -> None:
    data, folder = built
    import shutil

    shutil.rmtree(folder / "gen-1")
    code, _, err = cast(data, folder)
    assert code == 0 and f"building the on-disk store in {folder} (its gen-1 folder is missing)" in err


def test_a_damaged_store_says_to_delete_it(built: tuple[Path, Path]) -> None:
    data, folder = built
    for part in (folder / "gen-1" / "oxigraph").iterdir():
        part.write_bytes(b"not rocksdb")
    code, out, err = cast(data, folder)
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: cannot open the store in {folder}: ")
    assert err.endswith("; delete the folder to have it built again\n") and "Traceback" not in err


def test_problems_in_the_data_are_reported_and_nothing_is_kept(harbor: Path, tmp_path: Path) -> None:
    people = harbor.parent / "people.yaml"
    people.write_text("people:\n  - {id: Bad Id, name: X}\n", encoding="utf-8")
    folder = tmp_path / "store"
    code, out, err = cast(harbor, folder)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"building the on-disk store in {folder} (it is new)")
    assert lines[1].startswith(f"{people}:2:")
    assert lines[-1].endswith("found; nothing was written") and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == [LOCK]  # no manifest, no generation


# -- crashes ---------------------------------------------------------------------------------------

CRASH = """
import os, sys
from pathlib import Path
from mcugraph.disk import open_store

def build(data, folder):
    (Path(folder) / "oxigraph").mkdir()
    (Path(folder) / "oxigraph" / "half").write_text("half a store")
    os._exit(3)  # the process dies mid-build, with no chance to clean up

open_store(sys.argv[1], sys.argv[2], build=build)
"""


def test_a_crash_mid_build_leaves_nothing_a_later_run_trusts(built: tuple[Path, Path]) -> None:
    data, folder = built
    people = data.parent / "people.yaml"
    people.write_text(people.read_text().replace("Cy Ode", "Cy Odette"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CRASH, str(folder), str(data)], cwd=ROOT, timeout=60)
    assert done.returncode == 3
    leftovers = sorted(p.name for p in folder.iterdir() if p.name.startswith(".building-"))
    assert len(leftovers) == 1
    code, out, err = cast(data, folder)
    # the old manifest stands, naming the generation the build had removed to make room
    assert code == 0 and f"building the on-disk store in {folder} (its gen-1 folder is missing)" in err
    assert sorted(p.name for p in folder.iterdir()) == ["gen-2", MANIFEST, LOCK]


def test_a_failed_build_keeps_no_half_store(harbor: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"

    def build(data: str, fresh: Path) -> dict[str, object]:
        (fresh / "oxigraph").mkdir()
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        open_store(folder, str(harbor), build=build)
    assert sorted(p.name for p in folder.iterdir()) == [LOCK]
    with open_store(folder, str(harbor)) as disk:
        assert disk.built


# -- other processes ---------------------------------------------------------------------------------

HOLD = """
import sys
from mcugraph.disk import open_store

def build(data, folder):
    print("building", flush=True)
    sys.stdin.readline()
    raise SystemExit(0)

if sys.argv[3] == "build":
    open_store(sys.argv[1], sys.argv[2], build=build)
else:
    with open_store(sys.argv[1], sys.argv[2]) as disk:
        print("reading", flush=True)
        sys.stdin.readline()
"""


@contextmanager
def holding(folder: Path, data: Path, how: str) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the store (``read``, or ``build``) until it is told to let go."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(data), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() in ("reading", "building")
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.write("\n")
        process.stdin.close()
        process.wait(timeout=60)


def test_a_store_being_built_by_another_process_is_not_opened(harbor: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with holding(folder, harbor, "build") as other:
        code, out, err = cast(harbor, folder)
        assert (code, out) == (1, "")
        assert err.startswith(f"Error: the store in {folder} is being built by another process (process {other.pid}, ")
        assert err.endswith("); wait for it to finish, or give another folder\n")
        with pytest.raises(StoreBusy):
            open_store(folder, str(harbor))


def test_a_store_in_use_is_shared_but_not_rebuilt_under_its_reader(built: tuple[Path, Path]) -> None:
    data, folder = built
    with holding(folder, data, "read"):
        code, out, _ = cast(data, folder)  # readers share it
        assert code == 0 and out.startswith("work,")
        people = data.parent / "people.yaml"
        people.write_text(people.read_text().replace("Cy Ode", "Cy Odette"), encoding="utf-8")
        code, out, err = cast(data, folder)
        assert (code, out) == (1, "")
        assert err == (
            f"Error: the store in {folder} is out of date ({people} has changed), and another process is using it: "
            "stop that process to have it built again, or give another folder\n"
        )
    code, _, err = cast(data, folder)  # once it has let go
    assert code == 0 and "has changed" in err


def test_a_store_whose_folder_cannot_be_written_is_read_but_not_rebuilt(built: tuple[Path, Path]) -> None:
    data, folder = built
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    (folder / LOCK).chmod(0o444)
    folder.chmod(0o555)
    try:
        assert cast(data, folder)[0] == 0
        (data.parent / "people.yaml").write_text("people: []\n")
        with pytest.raises(StoreError, match="is out of date .* and its folder cannot be written"):
            open_store(folder, str(data))
    finally:
        folder.chmod(0o755)


def test_not_a_store_is_a_store_error() -> None:
    assert issubclass(NotAStore, StoreError) and issubclass(StoreBusy, StoreError)
