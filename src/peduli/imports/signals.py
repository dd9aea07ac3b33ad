"""What an import tells the apps above it, without knowing them: `imported`
is sent once a batch that writes has committed (not for a dry run), with
the batch and who ran it — e.g. the accounts of a grown roster are opened
(`users.apps`)."""

from django.dispatch import Signal

# sender: the batch's kind ("civil_servants", "workers", …); batch, actor. A
# receiver connects without a sender and looks at it: Django matches senders
# by identity, and a kind read from the database is another string object.
imported = Signal()
