"""The staff portal's plain logic: accounts and passwords, sign-in lockout, sessions and CSRF,
who may do what, and the dashboard's figures and charts. The routes live in
`bot/web/routes/staff_*.py`, the templates in `bot/web/templates/staff/`."""
