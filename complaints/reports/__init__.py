"""The supervisor's review (DESIGN §1, §3): the satisfaction index of a month, its comments
and its export. Read only: selectors and views, no domain writes (the only row a page adds is
the personal-data access log)."""
