import Pontoon
import PontoonSMS

print("pontoon-sms: not wired yet")
