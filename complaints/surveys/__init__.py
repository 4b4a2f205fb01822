"""The satisfaction survey (IKM, PermenPANRB 14/2017): a served visitor or requester rates the
service once, through the link `pst.rating_links` makes; supervisors read the index in
complaints.reports."""
