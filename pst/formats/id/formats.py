"""Indonesian as the portal's own pages write it (pst.formatting): "23 Nov 2026 10.00", the
month's short name without Django's AP-style full stop ("23 Nov. 2026, 9.00" in the admin
beside "23 Nov 2026 10.00 WITA" in its lists; trial 2, item 12), two-digit hours. Everything
not named here (typed input formats, numbers) stays Django's Indonesian."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j M Y H.i"
SHORT_DATETIME_FORMAT = "d-m-Y H.i"
