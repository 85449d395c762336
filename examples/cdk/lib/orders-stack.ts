import * as cdk from 'aws-cdk-lib';
import { aws_events as events } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export class OrdersStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new events.Rule(this, 'OrdersRule', {
      eventPattern: {
        source: ['com.example.orders'],
        detailType: ['OrderPlaced'],
        detail: { amount: Match.greaterThan(100), sku: Match.wildcard('A-*'), region: props?.env?.region },
      },
    });
    new events.CfnRule(this, 'RawRule', { eventPattern: { source: ['aws.ec2'], detailType: ['EC2 Instance State-change Notification'] } });
  }
}
