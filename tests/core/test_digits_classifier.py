"""The classifier that reads generated digits: held out from its training, accurate, the same as scikit-learn's."""

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from ganviz.core.digits_classifier import HELD_OUT, HIDDEN, SEED, classifier
from ganviz.core.digits_data import digits


def test_held_out_accuracy_is_at_least_95_percent_and_its_forward_pass_is_scikit_learns():
    c = classifier()
    images, labels = digits()
    assert len(c.held_out) == 450 and np.all(np.bincount(labels[c.held_out]) >= 43)  # a stratified quarter
    accuracy = np.mean(c.probabilities(images[c.held_out]).argmax(1) == labels[c.held_out])
    assert accuracy >= 0.95 and accuracy == c.held_out_accuracy
    # an independent fit with the same settings: scikit-learn's own forward pass gives the same probabilities
    train, test = train_test_split(np.arange(len(labels)), test_size=HELD_OUT, random_state=SEED, stratify=labels)
    assert np.array_equal(np.sort(test), c.held_out)
    model = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=1e-3, max_iter=500, random_state=SEED)
    model.fit(images[train], labels[train])
    np.testing.assert_allclose(c.probabilities(images[test]), model.predict_proba(images[test]), atol=1e-9)
    assert c.features(images[:5]).shape == (5, HIDDEN) and np.all(c.features(images[:5]) >= 0)
