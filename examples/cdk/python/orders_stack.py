from aws_cdk import Stack, aws_events as events
from aws_cdk.aws_events import Match
from constructs import Construct


class OrdersStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        events.Rule(self, "OrdersRule", event_pattern=events.EventPattern(
            source=["com.example.orders"],
            detail_type=["OrderPlaced"],
            detail={"amount": Match.greater_than(100), "sku": Match.wildcard("A**")},
        ))
