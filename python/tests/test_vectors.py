"""Every shared vector (tests/vectors) through the Python API, with the `check` of the native
and JS runners. Each output is written as canonical JSON to target/vector-outputs/python/
and compared byte for byte with what the native runner wrote to
target/vector-outputs/native/ (`cargo test --test vectors` writes them; the Node runner
compares its own outputs with the same files)."""

import shutil

import pytest

import tierwise
from support import ROOT, check, output_name, vectors

PYTHON_OUT = ROOT / "target" / "vector-outputs" / "python"
NATIVE_OUT = ROOT / "target" / "vector-outputs" / "native"
ALL = vectors()


@pytest.fixture(scope="module", autouse=True)
def fresh_outputs():
    shutil.rmtree(PYTHON_OUT, ignore_errors=True)
    PYTHON_OUT.mkdir(parents=True)


def test_there_are_vectors():
    assert len(ALL) > 300


@pytest.mark.parametrize("label,vector", ALL, ids=[label for label, _ in ALL])
def test_vector(label, vector):
    (PYTHON_OUT / f"{output_name(label)}.json").write_text(check(tierwise, vector), encoding="utf-8")


def test_outputs_equal_the_native_outputs_byte_for_byte():
    assert NATIVE_OUT.is_dir(), f"{NATIVE_OUT} is missing: run `cargo test --test vectors` first"
    python = sorted(path.name for path in PYTHON_OUT.glob("*.json"))
    native = sorted(path.name for path in NATIVE_OUT.glob("*.json"))
    assert len(python) == len(ALL), "a vector failed in Python, so it wrote no output"
    assert python == native, "the native and Python runners ran different vectors"
    different = [name for name in python if (PYTHON_OUT / name).read_bytes() != (NATIVE_OUT / name).read_bytes()]
    assert different == []
