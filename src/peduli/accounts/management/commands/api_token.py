from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.accounts.models import User
from peduli.accounts.tokens import api_token_issue, api_token_revoke, api_tokens_of, api_tokens_revoke_all
from peduli.core.commands import call_service


class Command(BaseCommand):
    help = (
        "Token API sebuah akun: `issue USERNAME` membuat token baru (ditampilkan sekali), `list USERNAME` "
        "menampilkan token yang berlaku, `revoke USERNAME AWAL_TOKEN` atau `revoke USERNAME --all` mencabutnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["issue", "list", "revoke"])
        parser.add_argument("username", help="nama pengguna atau NIP")
        parser.add_argument("token_key", nargs="?", default="", help="awal token (kolom pertama `list`)")
        parser.add_argument("--all", action="store_true", help="cabut semua token akun itu")

    def handle(self, *args: Any, action: str, username: str, token_key: str, all: bool, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Akun {username} tidak ada.")
        if action == "issue":
            token, raw = call_service(api_token_issue, user=user)
            self.stdout.write(raw)
            self.stdout.write(f"berlaku sampai {token.expiry:%d/%m/%Y %H:%M}; simpan sekarang, tidak ditampilkan lagi.")
        elif action == "list":
            for token in api_tokens_of(user):
                created, expiry = f"{token.created:%d/%m/%Y %H:%M}", f"{token.expiry:%d/%m/%Y %H:%M}"
                self.stdout.write(f"{token.token_key}\tdibuat {created}\tberlaku sampai {expiry}")
        elif all:
            self.stdout.write(f"{api_tokens_revoke_all(user=user)} token dicabut.")
        elif not token_key:
            raise CommandError("Sebutkan awal token yang dicabut, atau --all.")
        else:
            call_service(api_token_revoke, user=user, token_key=token_key)
            self.stdout.write("Token dicabut.")
