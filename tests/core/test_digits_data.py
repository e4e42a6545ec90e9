"""The digits shipped in scikit-learn's wheel: read as they are, refused when missing or damaged."""

import gzip

import numpy as np
import pytest

from ganviz.core.digits_data import digits, read_digits, shipped_file
from ganviz.core.errors import ConfigError
from ganviz.core.targets import make_target

# scikit-learn's documentation of load_digits: 1,797 images; images per class as the file holds them
PER_CLASS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_the_shipped_file_holds_1797_images_of_ten_classes():
    pixels, labels = read_digits(shipped_file())
    assert pixels.shape == (1797, 64) and np.bincount(labels).tolist() == PER_CLASS
    assert pixels.min() == 0 and pixels.max() == 16 and np.all(pixels == np.round(pixels))
    images, same = digits()
    np.testing.assert_array_equal(images, pixels / 8 - 1)  # x/8 − 1: 0 → −1, 16 → 1
    assert images.min() == -1 and images.max() == 1 and np.array_equal(same, labels)


def _refused(path, words, check_hash=True):
    with pytest.raises(ConfigError) as err:
        read_digits(path, check_hash)
    assert err.value.key == "target" and words in err.value.message and "pip install" in err.value.message


def test_a_missing_or_damaged_file_is_refused_with_what_is_wrong(tmp_path):
    _refused(tmp_path / "nowhere.csv.gz", "is missing")
    raw = bytearray(shipped_file().read_bytes())
    raw[1000] ^= 0xFF
    damaged = tmp_path / "damaged.csv.gz"
    damaged.write_bytes(bytes(raw))
    _refused(damaged, "is damaged")
    _refused(damaged, "cannot be read", check_hash=False)  # the gzip stream itself is broken
    short = tmp_path / "short.csv.gz"
    short.write_bytes(gzip.compress(b"0,1,2\n3,4,5\n"))
    _refused(short, "not 1797 rows", check_hash=False)
    lines = gzip.decompress(shipped_file().read_bytes()).decode().splitlines()
    lines[0] = lines[0].replace("0", "17", 1)
    odd = tmp_path / "odd.csv.gz"
    odd.write_bytes(gzip.compress("\n".join(lines).encode()))
    _refused(odd, "pixels 0–16", check_hash=False)


def test_digit_targets_draw_training_images_of_their_classes():
    sevens = make_target("digits-7")
    assert sevens.params == {"classes": [7]} and len(sevens.images) == PER_CLASS[7]
    draw = sevens.sample(np.random.default_rng(0), 500)
    images, labels = digits()
    pool = {row.tobytes() for row in images[labels == 7]}
    assert draw.shape == (500, 64) and all(row.tobytes() in pool for row in draw)
    pair = make_target("digits", {"classes": [7, 1]})
    assert pair.params["classes"] == [1, 7] and len(pair.images) == PER_CLASS[1] + PER_CLASS[7]
    with pytest.raises(ConfigError) as err:
        make_target("digits", {"classes": [1, 1]})
    assert err.value.key == "target.classes" and "distinct integers in [0, 9]" in err.value.message
    with pytest.raises(ConfigError):
        make_target("digits", {"classes": [10]})
