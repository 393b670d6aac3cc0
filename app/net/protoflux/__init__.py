"""The ProtoFlux behaviours (README, "Behaviours"), registered in the behaviour registry on import:
app/session.py imports this package, so every run (with or without the interface) has them."""

from __future__ import annotations

from app.net.behaviours import REGISTRY
from app.net.protoflux.base import BehaviourStatus, ProtoFluxBehaviour
from app.net.protoflux.reply_on_match import ReplyOnMatchBehaviour
from app.net.protoflux.saved_messages import SavedMessagesBehaviour
from app.net.protoflux.send_on_connect import SendOnConnectBehaviour
from app.net.protoflux.send_periodically import SendPeriodicallyBehaviour

BEHAVIOURS = {
    "SendOnConnect": SendOnConnectBehaviour,
    "SendPeriodically": SendPeriodicallyBehaviour,
    "ReplyOnMatch": ReplyOnMatchBehaviour,
    "SavedMessages": SavedMessagesBehaviour,
}

for _name, _factory in BEHAVIOURS.items():
    REGISTRY.register(_name, _factory)

__all__ = ["BEHAVIOURS", "BehaviourStatus", "ProtoFluxBehaviour", "SavedMessagesBehaviour"]
