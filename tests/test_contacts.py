"""The contact ``surrogate`` policy: realistic values that reach nobody, one per contact, and no leak to check."""

from __future__ import annotations

from pathlib import Path

import pytest

import anonymiser
from anonymiser.contacts import contact_surrogate, is_surrogate
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions

TEXT = """INT: How can the service reach you?
P04: My mobile's 07831 445 902, or the house phone, 0141 552 3377. Email's dawn.mackie84@gmail.com.
P04: We're at 12 Ashgill Road, G22 5QP now. My NI number is JT 45 21 88 C.
P04: The health visitor has the mobile, 07831 445 902, so ring that one.
"""


def test_surrogates_keep_the_kind_and_shape_and_never_repeat() -> None:
    mobiles = {contact_surrogate("phone number", "07831 445 902", n) for n in range(1, 1001)}
    assert len(mobiles) == 1000 and all(m.startswith("07700 900") for m in mobiles)
    assert contact_surrogate("phone number", "01415523377", 1) == "01414960000"  # Glasgow stays Glasgow
    assert contact_surrogate("phone number", "01224 552 337", 1001) == "0114 496 0000"
    assert contact_surrogate("phone number", "+44 7831 445902", 2) == "+44 7700 900001"
    postcodes = {contact_surrogate("postcode", "G22 5QP", n) for n in range(1, 5000)}
    assert len(postcodes) == 4999 and all(p.startswith("QX") for p in postcodes)
    assert contact_surrogate("NHS number", "943 476 5919", 1) is None  # keeps its placeholder
    for n in (1, 77, 4321):
        for kind, original in [
            ("phone number", "0141 552 3377"),
            ("postcode", "G22 5QP"),
            ("email", "a@b.com"),
            ("url", "www.dawnsblog.co.uk"),
            ("national insurance number", "JT 45 21 88 C"),
        ]:
            assert is_surrogate(str(contact_surrogate(kind, original, n)))
    assert not is_surrogate("07831 445 902") and not is_surrogate("G22 5QP") and not is_surrogate("dawn@gmail.com")


@pytest.mark.slow
def test_the_surrogate_policy_end_to_end(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> None:
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("policy:\n  CONTACT: surrogate\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p04.txt").write_text(TEXT, encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    output = (tmp_path / "out" / summary.written[0]).read_text(encoding="utf-8")
    for original in ["07831 445 902", "0141 552 3377", "dawn.mackie84@gmail.com", "G22 5QP", "JT 45 21 88 C"]:
        assert original not in output
    # The same mobile twice: one surrogate; the landline another; each keeps its spacing.
    assert output.count("07700 900") == 2 and len(set(output.split("07700 900")[1:])) >= 1
    assert "0141 496 0" in output and "@example.org" in output and "QX" in output and "QQ " in output
    # The gate, detectors included, sees values that reach nobody: no leak.
    assert summary.findings == ()
    report = anonymiser.check(tmp_path / "out", project=project, detector=detector)
    assert [f for f in report.findings if f.severity == "error"] == []
