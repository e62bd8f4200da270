# The portal's Polish formats: what Django's own pl formats would print, with a comma
# between the date and the time as Polish prose writes it ("12 marca 2026, 17:00").
# Anything not set here comes from Django's pl formats.
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
