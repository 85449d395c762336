# EventLens checks the patterns in this module as you type: try the "▶ Match sample event…" lens above each
# pattern with ../events/*.json, hover a key or `var.order_source`, or break a value to see AWS's error.

variable "order_source" {
  type    = string
  default = "com.example.orders"
}

resource "aws_cloudwatch_event_bus" "orders" {
  name = "orders"
}

# EventBridge rule: jsonencode() of an HCL object. `var.order_source` is an unknown value (any value).
resource "aws_cloudwatch_event_rule" "order_placed" {
  name           = "order-placed"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source        = [var.order_source]
    "detail-type" = ["OrderPlaced"]
    detail = {
      order = {
        total    = [{ numeric = [">=", 100] }]
        currency = ["USD", "EUR"]
      }
      customer = {
        tier  = [{ "anything-but" = ["internal", "test"] }]
        email = [{ suffix = "@example.com" }]
      }
    }
  })
}

# EventBridge rule: a heredoc holding JSON.
resource "aws_cloudwatch_event_rule" "instance_stopped" {
  name          = "ec2-stopped"
  event_pattern = <<-EOF
    {
      "source": ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      "detail": { "state": ["stopped"] }
    }
  EOF
}

resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "analytics" {
  name = "analytics"
}

# SNS subscription filter policy on message attributes: the lens counts keys and combinations.
resource "aws_sns_topic_subscription" "analytics" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.analytics.arn
  filter_policy = jsonencode({
    event_type = ["order_placed", "order_cancelled"]
    store      = [{ prefix = "eu-" }]
    price_usd  = [{ numeric = [">=", 100] }]
  })
}

# SNS subscription filter policy on the message body (filter_policy_scope = "MessageBody").
resource "aws_sns_topic_subscription" "shipments" {
  topic_arn           = aws_sns_topic.orders.arn
  protocol            = "sqs"
  endpoint            = aws_sqs_queue.analytics.arn
  filter_policy_scope = "MessageBody"
  filter_policy = jsonencode({
    order = { status = ["shipped"] }
  })
}

resource "aws_sqs_queue" "priority" {
  name = "priority-orders"
}

# EventBridge Pipes filter: source_parameters { filter_criteria { filter { pattern } } }.
resource "aws_pipes_pipe" "priority_orders" {
  name     = "priority-orders"
  role_arn = "arn:aws:iam::111122223333:role/pipes"
  source   = aws_sqs_queue.priority.arn
  target   = aws_cloudwatch_event_bus.orders.arn

  source_parameters {
    filter_criteria {
      filter {
        pattern = jsonencode({
          body = {
            orderType = ["priority"]
            total     = [{ numeric = [">", 500] }]
          }
        })
      }
    }
  }
}

# Lambda event source mapping filter (Lambda event filtering: the Pipes grammar), as a quoted JSON string.
resource "aws_lambda_event_source_mapping" "priority_worker" {
  event_source_arn = aws_sqs_queue.priority.arn
  function_name    = "priority-worker"

  filter_criteria {
    filter {
      pattern = "{\"body\": {\"region\": [{\"prefix\": \"eu-\"}]}}"
    }
  }
}
