"""``spiral-tut train`` / ``python -m spiral_tut train``, end to end."""

import os
import re
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spiral_tut.cli import main

PNG = b"\x89PNG\r\n\x1a\n"
FINAL = re.compile(
    r"^train loss (\d+\.\d+) accuracy (\d\.\d{3}) \| held-out loss (\d+\.\d+) accuracy (\d\.\d{3})$"
)
OPTIONS = [
    "--model",
    "--hidden",
    "--depth",
    "--activation",
    "--optimizer",
    "--lr",
    "--weight-decay",
    "--epochs",
    "--seed",
    "--device",
    "--plot",
]


def _run(*args: str, command=(sys.executable, "-m", "spiral_tut")) -> subprocess.CompletedProcess:
    env = os.environ | {"MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def _check_final_line(stdout: str) -> list[float]:
    match = FINAL.match(stdout.strip().splitlines()[-1])
    assert match, stdout
    numbers = [float(v) for v in match.groups()]
    assert all(0 <= v <= 1 for v in numbers[1::2])
    return numbers


def test_python_m_spiral_tut_trains_and_saves_the_figure(tmp_path):
    plot = tmp_path / "x.png"
    result = _run("train", "--epochs", "50", "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    assert plot.read_bytes()[:8] == PNG
    _check_final_line(result.stdout)


def test_console_script(tmp_path):
    script = Path(sys.executable).parent / "spiral-tut"
    if not script.exists():
        pytest.skip("the spiral-tut console script is not installed next to this python")
    result = _run("train", "--epochs", "5", "--model", "linear", command=(str(script),))
    assert result.returncode == 0, result.stderr
    _check_final_line(result.stdout)


def test_python_m_entry_point_exits_2_with_one_line_on_a_bad_option(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["spiral-tut", "train", "--lr", "-1"])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("spiral_tut", run_name="__main__")
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "lr" in err


def test_in_process_training_is_reproducible_and_learns(tmp_path, capsys):
    args = ["train", "--epochs", "200", "--hidden", "32", "--lr", "0.01", "--device", "cpu"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    _, train_acc, _, test_acc = _check_final_line(first)
    assert train_acc > 0.8 and test_acc > 0.8


def test_linear_sgd_options(tmp_path, capsys):
    plot = tmp_path / "linear.png"
    argv = ["train", "--model", "linear", "--optimizer", "sgd", "--epochs", "20", "--plot"]
    assert main([*argv, str(plot)]) == 0
    _, train_acc, _, _ = _check_final_line(capsys.readouterr().out)
    assert train_acc < 0.7
    assert plot.read_bytes()[:8] == PNG


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in OPTIONS:
        # each option is listed with a description and its default
        line = next(line for line in text.splitlines() if line.strip().startswith(option))
        described = text[text.index(line) :].split("\n  -")[0]
        assert "default" in described, option
    assert "linear" in text and "adam" in text and "auto" in text


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["train", "--lr", "-1"], "lr"),
        (["train", "--lr", "0"], "lr"),
        (["train", "--epochs", "-3"], "epochs"),
        (["train", "--epochs", "1.5"], "epochs"),
        (["train", "--hidden", "0"], "hidden"),
        (["train", "--depth", "0"], "depth"),
        (["train", "--weight-decay", "-1"], "weight_decay"),
        (["train", "--seed", "-1"], "seed"),
        (["train", "--model", "foo"], "model"),
        (["train", "--optimizer", "rmsprop"], "optimizer"),
        (["train", "--activation", "swish"], "activation"),
        (["train", "--device", "tpu"], "device"),
        (["train", "--bogus"], "bogus"),
        (["train", "--plot", "no/such/dir/x.png"], "plot"),
        (["train", "--plot", "boundary.xyz"], "xyz"),
        (["train", "--seed", "9" * 30], "seed"),
        (["train", "--hidden", "100000000"], "hidden"),
        (["train", "--model", "linear", "--depth", "3"], "--depth"),
        (["train", "--model", "linear", "--activation", "tanh"], "--activation"),
        (["fly"], "fly"),
        ([], "command"),
    ],
)
def test_bad_options_exit_2_with_a_one_line_message(capsys, argv, name):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("spiral-tut") and name in err


def test_plot_into_a_missing_directory_fails_before_training(tmp_path, capsys, monkeypatch):
    import spiral_tut.cli

    def no_training(*args, **kwargs):
        raise AssertionError("trained although the plot path is bad")

    monkeypatch.setattr(spiral_tut.cli, "fit", no_training)
    with pytest.raises(SystemExit):
        main(["train", "--plot", str(tmp_path / "missing" / "x.png")])
    assert "does not exist" in capsys.readouterr().err


def test_cuda_without_a_gpu_is_a_clean_error(capsys, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--device", "cuda", "--epochs", "1"])
    assert exit_info.value.code == 2
    assert "cuda" in capsys.readouterr().err


def test_plot_path_that_cannot_be_written_is_a_clean_error(tmp_path, capsys):
    (tmp_path / "x.png").mkdir()  # a directory where the file should go
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--epochs", "1", "--plot", str(tmp_path / "x.png")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--plot" in err


# --- --plot targets that would be renamed or cannot be written: refused before training ---


@pytest.fixture
def no_training(monkeypatch):
    import spiral_tut.cli

    def refuse(*args, **kwargs):
        raise AssertionError("trained although the options are bad")

    monkeypatch.setattr(spiral_tut.cli, "fit", refuse)


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    ("plot", "reason"),
    [
        ("", "the file name is empty"),
        ("noext", "'noext' has no file extension"),  # matplotlib would write noext.png
        (".png", "'.png' has no file extension"),  # a hidden file's name, not an extension
        ("outdir", "'outdir' is a directory"),  # e.g. --plot /tmp wrote /tmp.png
    ],
)
def test_plot_names_that_matplotlib_would_rename_are_refused(
    tmp_path, monkeypatch, capsys, no_training, plot, reason
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outdir").mkdir()
    assert reason in _refused(["train", "--plot", plot], capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]  # nothing written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_plot_to_a_device_file_is_refused(capsys, no_training):
    assert "'/dev/full' is not a regular file" in _refused(["train", "--plot", "/dev/full"], capsys)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc file system here")
def test_plot_into_a_directory_where_no_file_can_be_created_is_refused(capsys, no_training):
    err = _refused(["train", "--plot", "/proc/boundary.png"], capsys)
    assert "--plot: cannot write into the directory of '/proc/boundary.png'" in err


def test_a_directory_named_like_a_figure_is_refused_before_training(tmp_path, capsys, no_training):
    (tmp_path / "x.png").mkdir()
    assert "is a directory" in _refused(["train", "--plot", str(tmp_path / "x.png")], capsys)


# --- divergence, Ctrl-C ------------------------------------------------------------------


def test_a_diverging_run_exits_1_with_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--optimizer", "sgd", "--lr", "1e30", "--epochs", "3", "--device", "cpu"])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert re.match(r"spiral-tut: error: loss became (nan|inf) at epoch \d+: .* lr ", err), err


def _exit_code_after_ctrl_c(argv: list[str]) -> int:
    """main's exit code; a KeyboardInterrupt escaping it fails the test (not the whole run)."""
    try:
        main(argv)
    except SystemExit as exit_info:
        return exit_info.code
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped main() (a traceback for the user)")
    pytest.fail("main() returned although it was interrupted")


def test_ctrl_c_during_training_is_one_line_and_exit_130(monkeypatch, capsys):
    import spiral_tut.cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(spiral_tut.cli, "fit", interrupted)
    assert _exit_code_after_ctrl_c(["train", "--epochs", "1"]) == 130
    assert capsys.readouterr() == ("", "spiral-tut: interrupted\n")


def test_ctrl_c_while_saving_leaves_no_partial_file(tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure

    def half_written(self, fname, **kwargs):
        Path(fname).write_bytes(PNG)  # the first bytes only, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(Figure, "savefig", half_written)
    plot = tmp_path / "x.png"
    plot.write_bytes(b"the previous figure")
    assert _exit_code_after_ctrl_c(["train", "--epochs", "1", "--plot", str(plot)]) == 130
    assert plot.read_bytes() == b"the previous figure"  # neither truncated nor half-replaced
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]  # no temporary file left


def ctrl_c_as_in_a_terminal() -> None:
    """In the child, before Python starts: SIGINT handled as a terminal leaves it. A job started
    in the background (``nohup ... &``) inherits SIGINT ignored, and Python then keeps ignoring
    it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_real_sigint_gives_one_line_and_exit_130():
    code = (
        "import sys, spiral_tut.cli; print('ready', flush=True); "
        "sys.exit(spiral_tut.cli.main(['train', '--epochs', '100000000', '--hidden', '4']))"
    )
    env = os.environ | {"MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    try:
        assert process.stdout.readline() == "ready\n"
        time.sleep(1)  # into the training loop
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:  # a child that went on training must not outlive the test
        process.kill()
        process.communicate()
    assert process.returncode == 130
    assert (out, err) == ("", "spiral-tut: interrupted\n")
