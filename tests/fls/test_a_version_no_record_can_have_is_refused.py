"""The hidden version field (fls.versioning.VersionField) refuses a value no version can have, in the form,
rather than letting it reach the database (the fuzz test found `-99999999999999999999` on the follow-up
settings form: a DataError 500, bigint out of range)."""
import pytest

from fls.versioning import VersionField


@pytest.mark.parametrize("value", ["-1", "-99999999999999999999", "99999999999999999999", "1e309", "NaN"])
def test_an_impossible_version_is_refused(value):
    field = VersionField()
    with pytest.raises(Exception) as raised:
        field.clean(value)
    assert type(raised.value).__name__ == "ValidationError"


def test_no_version_and_a_real_one_are_accepted():
    assert VersionField().clean("") is None
    assert VersionField().clean("7") == 7
