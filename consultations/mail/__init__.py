"""Email in (issue 11 item 5): the reply address of every outgoing email (`token`), one mail
read into text and files (`parse`), where it goes (`services.mail_receive`), and the IMAP
mailbox read by `manage.py fetch_mail` (`imap`); `manage.py receive_email` takes one mail on
standard input from a mail server. README: "Email in: setting up the mailbox"."""
