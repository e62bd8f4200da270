from signups.filters import OfferingFilter

from .models import Training


class TrainingFilter(OfferingFilter):
    date_field = "sessions__starts_at"

    class Meta:
        model = Training
        fields = ["organiser", "centre", "month", "open_seats"]
