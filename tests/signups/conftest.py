import pytest

from tests.trainings.factories import SessionFactory


@pytest.fixture
def training(db):
    """A coming training with two seats and open sign-up."""
    return SessionFactory(training__capacity=2).training


@pytest.fixture
def signup_list(training):
    return training.signup_list
